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

            With --dry-run, nothing is written to the destination and nothing recorded in the \
            state: the chunks are planned exactly as the import would plan them and checked \
            locally with the import API's rules (system-managed and unknown fields, required \
            fields, the schema version, references against the destination's configuration, \
            externalIds twice in the data or already imported per the state); the summary says \
            what would be sent, what is done already, what would be refused and why, which \
            mapping entries to change, and how long the import would take, and the report is \
            written to state/NAME/reports/dry-run-<UTC time>.json. Give --source-region, \
            --source-api or --source-profile to authenticate and show the source org too. Exit 0 \
            when a real import would send everything, 3 otherwise.

            Example:
              interaction-migrate import --name acme --dest-region eu-west-1
              interaction-migrate import --name acme --dest-region eu-west-1 --dry-run
            """,
        options: [
            .option("name", valueName: "NAME", help: "The migration's name.", isRequired: true),
            .option("workspace", valueName: "DIR", help: "Folder holding mappings/ and state/.", defaultValue: "."),
        ] + phaseOptions(concurrency: "concurrency") + [
            .flag("json", help: "Print a machine-readable summary on standard output."),
            .flag("dry-run", help: "Plan and check everything, write nothing to the destination or the state; exit 0 when a real import would send everything, 3 otherwise."),
        ] + OrgOptions.options(for: [.dest]) + OrgOptions.options(for: [.source], withConfigFile: false).map { option in
            var option = option
            option.help += " With --dry-run only: also authenticate and show the source org."
            return option
        })

    /// The test-only pause points (see ``ImportTestPauses``).
    static let pauseVariable = "INTERACTION_MIGRATE_TEST_PAUSE"

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        let options = try phaseOptions(parsed, concurrency: "concurrency", context: context)
        let sourceGiven = ["source-region", "source-api", "source-login", "source-profile"].first { parsed.value($0) != nil }
        if parsed.flag("dry-run") {
            return try await dryRun(parsed, workspace: workspace, chunkSize: options.chunkSize, schemaVersion: options.schemaVersion,
                                    withSource: sourceGiven != nil, context: context)
        }
        if let sourceGiven {
            throw parsed.invalidValue(sourceGiven, expected: "no source org without --dry-run (an import talks to the destination only)")
        }
        let client = try OrgOptions.client(.dest, parsed, context: context)
        let phase = ImportPhase(workspace: workspace, client: client, options: options)
        try DestinationConfirmation.confirm(try await client.organization(), endpoint: client.endpoint, yes: parsed.flag("yes"),
                                            command: "import", context: context)
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

    /// `import --dry-run`: the state opened read-only (no lock, nothing recorded), GETs only.
    static func dryRun(_ parsed: ParsedCommand, workspace: MigrationWorkspace, chunkSize: Int, schemaVersion: String,
                       withSource: Bool, context: CommandContext) async throws -> ExitCode {
        let destination = try OrgOptions.client(.dest, parsed, context: context)
        let source = withSource ? try OrgOptions.client(.source, parsed, context: context) : nil
        let options = DryRun.Options(chunkSize: chunkSize, schemaVersion: schemaVersion,
                                     reconcileDuplicates: parsed.flag("reconcile-duplicates"), newState: parsed.flag("new-state"))
        let store = try StateStore(workspace, access: .readOnly)
        let report = try await DryRun(workspace: workspace, destination: destination, source: source, options: options).run(store: store)
        return DryRunSummary.finish(report, workspace: workspace, context: context, json: parsed.flag("json"))
    }
}
