import Essentials
import Foundation
import MigrationKit

/// `export`: the source org's interactions for a date range into `state/NAME/export/`.
enum ExportCommand: Command {
    static let spec = CommandSpec(
        name: "export",
        summary: "Export the source org's interactions for a date range, window by window, into state/NAME/export/.",
        discussion: """
            --from is inclusive and --to exclusive (dates or ISO-8601 UTC times); each window of \
            --window (1h to 31d, default 1d) gets one verified file, named by its range. A window \
            must end at least 15 minutes before now. Interrupted at any moment, a run started \
            again goes on where it stopped: completed windows whose files are unchanged are \
            skipped, jobs in flight are polled, not submitted again. --source-kind auto (the \
            default) uses interaction export jobs when the org serves them and analytics \
            conversation-details jobs otherwise (a Genesys Cloud org). Exit 0 when every window \
            is complete, 2 when some failed (listed with the reason).

            Example:
              interaction-migrate export --name acme --source-region us-east-1 \\
                --from 2024-03-01 --to 2024-04-01
            """,
        options: [
            .option("name", valueName: "NAME", help: "The migration's name.", isRequired: true),
            .option("workspace", valueName: "DIR", help: "Folder holding mappings/ and state/.", defaultValue: "."),
        ] + phaseOptions + [
            .option("concurrency", valueName: "K", help: "Windows in flight at once.", defaultValue: "4"),
            .option("schema-version", valueName: "VERSION", help: "Schema version of exported records (interaction export).", defaultValue: "v2.1"),
            .flag("json", help: "Print a machine-readable summary on standard output."),
        ] + OrgOptions.options(for: [.source]))

    /// The options that say what to export, shared with `run`.
    static let phaseOptions: [OptionSpec] = [
        .option("from", valueName: "TIME", help: "Start of the range (inclusive): 2024-03-01 or 2024-03-01T06:00:00Z.", isRequired: true),
        .option("to", valueName: "TIME", help: "End of the range (exclusive).", isRequired: true),
        .option("window", valueName: "LENGTH", help: "Window length, 1h to 31d.", defaultValue: "1d"),
        .option("types", valueName: "LIST", help: "Interaction types to export.", defaultValue: "voice,chat,email,message,callback"),
        .option("source-kind", valueName: "KIND", help: "auto, interaction-export or analytics.", defaultValue: "auto"),
    ]

    /// The export's options from the command line (`concurrency` is the option naming the windows
    /// in flight: `concurrency` here, `export-concurrency` for `run`).
    static func phaseOptions(_ parsed: ParsedCommand, concurrency: String) throws -> ExportPhase.Options {
        let from = try ExportRange.time(try parsed.requiredValue("from"), option: "from")
        let to = try ExportRange.time(try parsed.requiredValue("to"), option: "to")
        let range = try ExportRange(from: from, to: to, window: parsed.value("window") ?? "1d", now: ISOTimestamp.now())
        let typesText = parsed.value("types") ?? "voice,chat,email,message,callback"
        let types = typesText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !types.isEmpty, types.allSatisfy({ ["voice", "chat", "email", "message", "callback"].contains($0) }) else {
            throw ExportOptionsError.badTypes(typesText)
        }
        let kindText = parsed.value("source-kind") ?? "auto"
        let kind: ExportSourceKind?
        if kindText == "auto" { kind = nil } else {
            guard let chosen = ExportSourceKind(rawValue: kindText) else {
                throw parsed.invalidValue("source-kind", expected: "auto, interaction-export or analytics")
            }
            kind = chosen
        }
        return ExportPhase.Options(range: range, types: types, sourceKind: kind,
                                   concurrency: try parsed.int(concurrency, default: 4, in: 1...32),
                                   schemaVersion: parsed.value("schema-version") ?? "v2.1")
    }

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        let options = try phaseOptions(parsed, concurrency: "concurrency")
        let range = options.range
        let client = try OrgOptions.client(.source, parsed, context: context)
        let phase = ExportPhase(workspace: workspace, client: client, options: options)
        let json = parsed.flag("json")
        let store = try StateStore(workspace)
        let progress = ExportProgress(total: range.windows.count, context: context, rateLimited: { client.rateLimitedResponses })
        let summary: ExportSummary
        do {
            summary = try await phase.run(store: store) { event in progress.show(event) }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        if json {
            context.print(String(decoding: try JSONWriter.pretty(summary.jsonValue, sortedKeys: false), as: UTF8.self))
        } else {
            context.print("\(summary.sourceOrgName) (\(summary.sourceOrgId)), \(summary.sourceKind.rawValue): \(summary.completed.count) of \(summary.windows.count) windows complete, \(Figures.grouped(summary.records)) records in \(workspace.exportFolder)/ (\(Figures.oneDecimal(summary.seconds)) s, \(client.rateLimitedResponses) 429s waited out)")
            if summary.leftOut > 0 { context.print("\(summary.leftOut) conversations left out (not final yet, or a media type the record format doesn't have); see --json for each window") }
        }
        for failed in summary.failed {
            context.printError("window \(failed.window) failed: \(failed.state.lastError ?? "no reason recorded"); run the export again to retry it")
        }
        return summary.failed.isEmpty ? .success : .partial
    }
}
