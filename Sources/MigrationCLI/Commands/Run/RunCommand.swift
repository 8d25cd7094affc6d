import Essentials
import MigrationKit

/// `run`: export, transform and import of a named migration, pipelined per window.
enum RunCommand: Command {
    static let spec = CommandSpec(
        name: "run",
        summary: "Export, transform and import a date range in one go, each window imported as soon as it is transformed.",
        discussion: """
            Drives the same phases as export, transform and import, over the same state file \
            (state/NAME.json), so a run resumes staged work and a single phase resumes a run; an \
            interrupted run started again goes on where it stopped and sends no record twice. \
            The mapping file mappings/NAME.json must be resolved first (mappings generate, then \
            edit). A destination that is not on this machine is confirmed by typing its name, \
            or by --yes for unattended runs. With --dry-run nothing is written to the \
            destination: the export and transform run, then every chunk is planned and checked \
            against the destination's live configuration, and a report is written to \
            state/NAME/reports/. Exit 0 when every window was exported, transformed and \
            imported; 1 when chunks are left to finish (run again); 2 when windows or chunks \
            failed (listed); 3 when the pre-flight check or the dry run found something to fix \
            first, or records were rejected by the transform.

            Example:
              interaction-migrate run --name acme --source-region us-east-1 --dest-region eu-west-1 \\
                --from 2024-03-01 --to 2024-04-01 --dry-run
              interaction-migrate run --name acme --source-region us-east-1 --dest-region eu-west-1 \\
                --from 2024-03-01 --to 2024-04-01 --yes
            """,
        options: [
            .option("name", valueName: "NAME", help: "The migration's name.", isRequired: true),
            .option("workspace", valueName: "DIR", help: "Folder holding mappings/ and state/.", defaultValue: "."),
        ] + ExportCommand.phaseOptions + [
            .option("export-concurrency", valueName: "K", help: "Export windows in flight at once.", defaultValue: "4"),
            .option("dest-schema-fields", valueName: "FILE", help: "A JSON array of the destination's top-level field names (for a destination with no schema list, such as a Genesys Cloud org's dry run)."),
        ] + TransformCommand.phaseOptions + ImportCommand.phaseOptions(concurrency: "import-concurrency") + [
            .flag("dry-run", help: "Export, transform and check everything against the destination; write nothing to it."),
            .flag("json", help: "Print a machine-readable summary on standard output."),
        ] + OrgOptions.options(for: [.source, .dest]))

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        let export = try ExportCommand.phaseOptions(parsed, concurrency: "export-concurrency")
        let (policy, budget) = try TransformCommand.policy(parsed)
        let imports = try ImportCommand.phaseOptions(parsed, concurrency: "import-concurrency", context: context)
        let source = try OrgOptions.client(.source, parsed, context: context)
        let destination = try OrgOptions.client(.dest, parsed, context: context)
        let transform = TransformPhase.Options(policy: policy, fallbackWrapupCode: parsed.value("fallback-wrapup-code"), memoryBudget: budget,
                                               schema: parsed.value("dest-schema-fields").map(SchemaSource.fieldsFile)
                                                   ?? .destination(version: imports.schemaVersion, client: destination))
        let pipeline = RunPipeline(workspace: workspace, source: source, destination: destination,
                                   options: .init(export: export, transform: transform, imports: imports))
        let store = try StateStore(workspace)
        let progress = RunProgress(context: context)
        let summary: RunSummary
        do {
            let orgs = try await pipeline.identify(store: store)
            if parsed.flag("dry-run") {
                let code = try await RunDryRun.run(pipeline, orgs: orgs, store: store, context: context, json: parsed.flag("json"))
                try await store.close()
                return code
            }
            try DestinationConfirmation.confirm(orgs.destination, endpoint: destination.endpoint, yes: parsed.flag("yes"),
                                                command: "run", context: context)
            summary = try await pipeline.run(store: store, orgs: orgs) { progress.show($0) }
        } catch {
            try? await store.close()  // What was recorded stays recorded.
            throw error
        }
        try await store.close()
        return RunReport.finish(summary, workspace: workspace, context: context, json: parsed.flag("json"))
    }
}
