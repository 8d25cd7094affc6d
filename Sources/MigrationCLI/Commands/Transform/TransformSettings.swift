import Essentials
import Foundation
import MigrationKit

/// The pieces of `transform` around the windows: inputs, progress lines, reports, exit status.
enum TransformSettings {
    enum Problem: Error, CustomStringConvertible {
        case noWindows(folder: String)
        case noSchema

        var description: String {
            switch self {
            case .noWindows(let folder):
                return "no exported windows in \(folder); run the export first, or use --in/--out on a file"
            case .noSchema:
                return "the destination's schema fields are not known yet; give the destination once with --dest-region or --dest-api (and DEST_CLIENT_ID/DEST_CLIENT_SECRET), or --dest-schema-fields FILE"
            }
        }
    }

    /// The destination's top-level fields: from `--dest-schema-fields`, from the state file, or
    /// fetched once from the destination and kept in the state file.
    static func destinationFields(_ parsed: ParsedCommand, state: StateStore, context: CommandContext) async throws -> Set<String>? {
        if let file = parsed.value("dest-schema-fields") { return try TransformInputs.schemaFields(fromFile: file) }
        let version = parsed.value("schema-version") ?? "v2.1"
        let known = await state.section("transform")["destinationSchema"]
        if let known, known["version"]?.stringValue == version, let fields = known["fields"]?.arrayValue {
            return Set(fields.compactMap(\.stringValue))
        }
        guard parsed.value("dest-region") != nil || parsed.value("dest-api") != nil else { throw Problem.noSchema }
        let client = try OrgOptions.client(.dest, parsed, context: context)
        let fields = try TransformInputs.schemaFields(fromSchemas: try await client.get("/api/v2/interaction/export/schemas"), version: version)
        let stored = JSONValue.object(JSONObject([("version", .string(version)), ("fields", .array(fields.sorted().map { .string($0) }))]))
        try await state.updateSection("transform") { $0["destinationSchema"] = stored }
        context.printError("destination schema \(version): \(fields.count) top-level fields, kept in the state file")
        return fields
    }

    static func printWindow(_ name: String, _ result: WindowTransform.Result, seconds: Double, context: CommandContext) {
        let rate = seconds > 0 ? Int(Double(result.inputRecords) / seconds) : 0
        var line = "\(name): \(result.inputRecords) in, \(result.outputSHA256 == nil ? "no output" : "\(result.outputRecords) out")"
        if result.invalidRecords > 0 { line += ", \(result.invalidRecords) invalid" }
        if result.unmappedRecords > 0 { line += ", \(result.unmappedRecords) with unmapped references" }
        line += " (\(rate) records/s"
        if result.spilledRuns > 0 { line += ", sorted on disk in \(result.spilledRuns) runs" }
        context.print(line + ")")
    }

    static func windowState(_ result: WindowTransform.Result, mappingSHA: String, settings: String) -> JSONValue {
        var byKind = JSONObject()
        for (kind, count) in result.unmappedByKind.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { byKind[kind.rawValue] = .int(Int64(count)) }
        var object = JSONObject([
            ("inputSHA256", .string(result.inputSHA256)), ("mappingSHA256", .string(mappingSHA)), ("settings", .string(settings)),
            ("counts", .object(JSONObject([("in", .int(Int64(result.inputRecords))), ("out", .int(Int64(result.outputRecords))),
                                           ("invalid", .int(Int64(result.invalidRecords))), ("unmapped", .int(Int64(result.unmappedRecords)))]))),
            ("unmappedByKind", .object(byKind)), ("droppedFields", result.drift.jsonValue()),
        ])
        object["outputSHA256"] = result.outputSHA256.map { .string($0) } ?? .null
        return .object(object)
    }

    /// Writes the reports, prints what needs an admin, and picks the exit status.
    static func finish(report: UnmappedReport, drift: SchemaDriftReport, rejected: Int, blocked: Bool,
                       reportBase: String, rejectsHint: String, context: CommandContext) throws -> ExitCode {
        if !report.isEmpty {
            try AtomicFileWriter.write(try JSONWriter.pretty(report.jsonValue()), to: reportBase + ".unmapped.json")
            try AtomicFileWriter.write(report.text(), to: reportBase + ".unmapped.txt")
            context.print(report.text())
            context.print("unmapped report: \(reportBase).unmapped.json")
        }
        let driftValue = drift.jsonValue()
        if driftValue.objectValue?.isEmpty == false {
            context.print("fields the destination schema doesn't know, dropped: \((try? JSONWriter.string(driftValue, style: .compact)) ?? "")")
        }
        if rejected > 0 { context.print("\(rejected) records rejected; see \(rejectsHint)") }
        if blocked {
            context.printError("windows with unmapped references were not transformed; map the references in the mapping file, or use --on-unmapped skip-record or --fallback-wrapup-code NAME")
        }
        return blocked || rejected > 0 ? .needsAttention : .success
    }
}

extension TransformSettings.Problem: ExitCodeProviding {
    /// No exported windows: no input (66). No known schema and no destination named: usage (64).
    var exitStatus: ExitCode {
        switch self {
        case .noWindows: return .noInput
        case .noSchema: return .usage
        }
    }
}
