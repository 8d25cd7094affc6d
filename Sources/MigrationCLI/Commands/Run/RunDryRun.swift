import Essentials
import MigrationKit

/// `run --dry-run`: the export and the transform as a run does them, then the dry run's checks of
/// every chunk against the destination, which sees no write.
enum RunDryRun {
    static func run(_ pipeline: RunPipeline, orgs: (source: OrgIdentity, destination: OrgIdentity), store: StateStore,
                    context: CommandContext, json: Bool) async throws -> ExitCode {
        let progress = RunProgress(context: context)
        progress.show(.orgs(source: orgs.source, destination: orgs.destination))
        let export = try await ExportPhase(workspace: pipeline.workspace, client: pipeline.source, options: pipeline.options.export)
            .run(store: store) { progress.show(.export($0)) }
        for failed in export.failed {
            context.printError("window \(failed.window) was not exported: \(failed.state.lastError ?? "no reason recorded"); the dry run checks the others")
        }
        let transform = try await TransformPhase(workspace: pipeline.workspace, options: pipeline.options.transform)
            .run(store: store) { progress.show(.transform($0)) }
        _ = TransformReport.finish(transform, mappingName: pipeline.workspace.name, context: context)
        let imports = pipeline.options.imports
        let options = DryRun.Options(chunkSize: imports.chunkSize, schemaVersion: imports.schemaVersion,
                                     reconcileDuplicates: imports.reconcileDuplicates, newState: imports.newState,
                                     defaultJobSeconds: imports.firstPollSeconds)
        let report = try await DryRun(workspace: pipeline.workspace, destination: pipeline.destination, source: pipeline.source, options: options)
            .run(store: store)
        let code = DryRunSummary.finish(report, workspace: pipeline.workspace, context: context, json: json)
        if !export.failed.isEmpty && code == .success { return .needsAttention }  // A real run would not send the failed windows.
        return code
    }
}
