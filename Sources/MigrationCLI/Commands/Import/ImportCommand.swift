import Essentials
import Foundation
import MigrationKit

/// `import`: the transformed records of a named migration into the destination org.
enum ImportCommand: Command {
    static let spec = CommandSpec(
        name: "import",
        summary: "Send the transformed records to the destination in chunks that are imported exactly once.",
        discussion: """
            Reads state/NAME/transformed/*.jsonl and sends each window's records, in externalId \
            order, in chunks of --chunk-size, each known by the SHA-256 of its request body and \
            tracked in state/NAME.json. Interrupted at any moment, a run started again sends no \
            record twice and skips none: completed chunks are never sent again, accepted ones \
            are polled, and ones in doubt are sent again with the records the destination \
            already holds left out. Before the first request that writes, the destination's \
            queues, flows and wrap-up codes are checked against every chunk; anything missing \
            stops the run with a report and nothing is sent. Exit 0 when every chunk completed, \
            2 when some failed for good (listed with the platform's reasons: fix the mapping \
            file, run transform and import again), 3 when stopped by the pre-flight check, 1 \
            when chunks are left to finish (run again).

            Example:
              interaction-migrate import --name acme --dest-region eu-west-1
            """,
        options: [
            .option("name", valueName: "NAME", help: "The migration's name.", isRequired: true),
            .option("workspace", valueName: "DIR", help: "Folder holding mappings/ and state/.", defaultValue: "."),
            .option("chunk-size", valueName: "N", help: "Records per chunk, 1 to 1000.", defaultValue: "1000"),
            .option("concurrency", valueName: "K", help: "Import jobs in flight at once.", defaultValue: "4"),
            .option("schema-version", valueName: "VERSION", help: "Schema version of the records sent.", defaultValue: "v2.1"),
            .flag("reconcile-duplicates", help: "Also leave out records the destination already holds from chunks that were not in doubt."),
            .flag("new-state", help: "Start a fresh import record; the state file as it was is kept beside it."),
            .flag("json", help: "Print a machine-readable summary on standard output."),
        ] + OrgOptions.options(for: [.dest]))

    /// The test-only pause points (see ``ImportTestPauses``).
    static let pauseVariable = "INTERACTION_MIGRATE_TEST_PAUSE"

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        let chunkSize = try parsed.int("chunk-size", default: 1000, in: 1...1000)
        let concurrency = try parsed.int("concurrency", default: 4, in: 1...16)
        let version = parsed.value("schema-version") ?? "v2.1"
        guard !version.isEmpty, version.utf8.count <= 32,
              version.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_" }) else {
            throw parsed.invalidValue("schema-version", expected: "a schema version such as v2.1")
        }
        var pauses = ImportTestPauses()
        if let text = context.environment[pauseVariable] {
            guard let parsedPauses = ImportTestPauses(text) else {
                context.printError("error: \(pauseVariable)='\(text)' is not a list of POINT=SECONDS with POINT one of \(ImportTestPauses.points.joined(separator: ", ")); unset it (it is for tests only)")
                return .usage
            }
            pauses = parsedPauses
        }
        let options = ImportPhase.Options(chunkSize: chunkSize, concurrency: concurrency, schemaVersion: version,
                                          reconcileDuplicates: parsed.flag("reconcile-duplicates"), newState: parsed.flag("new-state"),
                                          testPauses: pauses)
        let client = try OrgOptions.client(.dest, parsed, context: context)
        let phase = ImportPhase(workspace: workspace, client: client, options: options)
        let store = try StateStore(workspace)
        let progress = ImportProgress(context: context, rateLimited: { client.rateLimitedResponses })
        let summary: ImportSummary
        do {
            summary = try await phase.run(store: store) { event in progress.show(event) }
        } catch {
            try? await store.close()  // What was recorded stays recorded.
            throw error
        }
        try await store.close()
        progress.finish()
        if parsed.flag("json") {
            context.print(String(decoding: try JSONWriter.pretty(summary.jsonValue, sortedKeys: false), as: UTF8.self))
        }
        return ImportReport.finish(summary, workspace: workspace, context: context, printSummary: !parsed.flag("json"))
    }
}
