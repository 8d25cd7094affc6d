import Essentials

/// Everything the state file holds, typed: a section per phase. Read it from a ``StateStore``;
/// change it only through the store's methods, which record each change before making it.
public struct MigrationState: Sendable, Equatable {
    /// The format this version writes. Version 1 (before typed sections) is read and upgraded.
    public static let formatVersion: Int64 = 2

    public var export = ExportState()
    public var transform = TransformState()
    public var imports = ImportState()
    /// The number of the last journal change folded into the state file.
    var journalSequence: Int64 = 0
    /// Top-level sections this version does not know, kept as they were.
    var otherSections = JSONObject()

    public init() {}

    /// The state of a state file's parsed content.
    init(document value: JSONValue) throws(StateDecoder.Failure) {
        let top = try StateDecoder(value, at: "the top level")
        guard let version = top.object["formatVersion"]?.intValue else {
            throw StateDecoder.Failure(location: "formatVersion", reason: "missing or not a whole number")
        }
        // A version below 1 was never written: an edit, not a file to upgrade (which would write it again).
        guard version >= 1 else {
            throw StateDecoder.Failure(location: "formatVersion", reason: "\(version) is not a version interaction-migrate ever wrote (1 to \(Self.formatVersion))")
        }
        if version == 1 {
            // Version 1 kept untyped window records; only the destination schema carries over,
            // and windows are transformed again (to the same bytes).
            if let schema = top.object["transform"]?["destinationSchema"] {
                transform.destinationSchema = try DestinationSchema(try StateDecoder(schema, at: "transform.destinationSchema"))
            }
            return
        }
        if let export = top.object["export"] { self.export = try ExportState(try StateDecoder(export, at: "export")) }
        if let transform = top.object["transform"] { self.transform = try TransformState(try StateDecoder(transform, at: "transform")) }
        if let imports = top.object["import"] { self.imports = try ImportState(try StateDecoder(imports, at: "import")) }
        journalSequence = top.object["journalSequence"].flatMap(\.intValue) ?? 0
        for member in top.object where !["formatVersion", "journalSequence", "export", "transform", "import"].contains(member.key) {
            otherSections[member.key] = member.value
        }
    }

    /// The state file's content.
    var document: JSONValue {
        var object = JSONObject([("formatVersion", .int(Self.formatVersion)), ("journalSequence", .int(journalSequence))])
        object["export"] = export.jsonValue
        object["transform"] = transform.jsonValue
        object["import"] = imports.jsonValue
        for member in otherSections { object[member.key] = member.value }
        return .object(object)
    }

    /// Makes `change`.
    mutating func apply(_ change: StateChange) {
        switch change {
        case .exportSource(let id, let name):
            export.sourceOrgId = id
            export.sourceOrgName = name
        case .exportWindow(let window, let state):
            export.windows[window] = state
        case .transformSchema(let schema):
            transform.destinationSchema = schema
        case .transformWindow(let window, let state):
            transform.windows[window] = state
        case .importChunk(let window, let chunk, let state):
            imports.windows[window, default: [:]][chunk] = state
        case .importConfiguration(let configuration):
            imports.configuration = configuration
        case .importPlan(let window, let plan):
            imports.plans[window] = plan
        case .importReset:
            imports = ImportState()
        }
    }
}
