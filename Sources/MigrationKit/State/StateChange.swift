import Essentials

/// One change to a migration's state, as the journal records it: each sets one value (a window's
/// record, a chunk's step), so a change costs the same at the first chunk and at the ten-thousandth.
public enum StateChange: Sendable, Equatable {
    /// The source org the export reads (its id and name).
    case exportSource(id: String, name: String)
    /// One export window's record.
    case exportWindow(String, ExportWindowState)
    /// The destination schema the transform fetched.
    case transformSchema(DestinationSchema)
    /// One window's transform record.
    case transformWindow(String, TransformWindowState)
    /// One chunk's step in the import protocol.
    case importChunk(window: String, chunk: String, ImportChunkState)
    /// The configuration the import's chunks are made for (the first import, or `--new-state`).
    case importConfiguration(ImportConfiguration)
    /// One window's chunk plan.
    case importPlan(window: String, ImportWindowPlan)
    /// A fresh import section (`--new-state`): everything the import recorded is forgotten (the
    /// state file as it was is kept beside it first).
    case importReset

    /// The journal line's JSON (without the sequence number).
    var jsonValue: JSONObject {
        switch self {
        case .exportSource(let id, let name):
            return JSONObject([("change", .string("export.source")), ("value", .object(JSONObject([("id", .string(id)), ("name", .string(name))])))])
        case .exportWindow(let window, let state):
            return JSONObject([("change", .string("export.window")), ("window", .string(window)), ("value", state.jsonValue)])
        case .transformSchema(let schema):
            return JSONObject([("change", .string("transform.schema")), ("value", schema.jsonValue)])
        case .transformWindow(let window, let state):
            return JSONObject([("change", .string("transform.window")), ("window", .string(window)), ("value", state.jsonValue)])
        case .importChunk(let window, let chunk, let state):
            return JSONObject([("change", .string("import.chunk")), ("window", .string(window)), ("chunk", .string(chunk)),
                               ("value", state.jsonValue)])
        case .importConfiguration(let configuration):
            return JSONObject([("change", .string("import.configuration")), ("value", configuration.jsonValue)])
        case .importPlan(let window, let plan):
            return JSONObject([("change", .string("import.plan")), ("window", .string(window)), ("value", plan.jsonValue)])
        case .importReset:
            return JSONObject([("change", .string("import.reset"))])
        }
    }

    /// The change of a journal line.
    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        let kind = try decoder.string("change")
        switch kind {
        case "export.source":
            let value = try decoder.nested("value")
            self = .exportSource(id: try value.string("id"), name: try value.string("name"))
        case "export.window":
            self = .exportWindow(try decoder.string("window"), try ExportWindowState(try decoder.nested("value")))
        case "transform.schema":
            self = .transformSchema(try DestinationSchema(try decoder.nested("value")))
        case "transform.window":
            self = .transformWindow(try decoder.string("window"), try TransformWindowState(try decoder.nested("value")))
        case "import.chunk":
            self = .importChunk(window: try decoder.string("window"), chunk: try decoder.string("chunk"),
                                try ImportChunkState(try decoder.nested("value")))
        case "import.configuration":
            self = .importConfiguration(try ImportConfiguration(try decoder.nested("value")))
        case "import.plan":
            self = .importPlan(window: try decoder.string("window"), try ImportWindowPlan(try decoder.nested("value")))
        case "import.reset":
            self = .importReset
        default:
            throw decoder.fail("change", "\"\(kind)\" is not a change this version knows")
        }
    }
}
