import Essentials
import MigrationKit

/// A run's closing words: each phase's gist, what failed and why, and the exit status.
enum RunReport {
    static func finish(_ summary: RunSummary, workspace: MigrationWorkspace, context: CommandContext, json: Bool) -> ExitCode {
        if json {
            context.print(String(decoding: (try? JSONWriter.pretty(summary.jsonValue, sortedKeys: false)) ?? [], as: UTF8.self))
        }
        let export = summary.export
        if !json {
            context.print("export: \(export.completed.count) of \(export.windows.count) windows, \(Figures.grouped(export.records)) records from \(summary.source.name) (\(summary.source.id))")
        }
        for failed in export.failed {
            context.printError("window \(failed.window) was not exported: \(failed.state.lastError ?? "no reason recorded"); run again to retry it")
        }
        let transformCode = TransformReport.finish(summary.transform, mappingName: workspace.name, context: context)
        var importCode = ExitCode.success
        if let imports = summary.imports {
            importCode = ImportReport.finish(imports, workspace: workspace, context: context, printSummary: !json)
        } else if export.completed.isEmpty {
            context.printError("nothing was imported: no window was exported")
            importCode = .partial
        }
        if !summary.heldBack.isEmpty {
            context.printError("not imported, held back by the pre-flight check: \(summary.heldBack.joined(separator: ", "))")
        }
        if !json {
            context.print(summary.isComplete
                ? "run complete in \(Figures.oneDecimal(summary.seconds)) s; check it with 'interaction-migrate verify --name \(workspace.name)' and the destination's options"
                : "run not complete (\(Figures.oneDecimal(summary.seconds)) s); see above, then run again: finished work is kept")
        }
        if importCode == .needsAttention { return .needsAttention }
        if importCode == .failure { return .failure }
        if !export.failed.isEmpty || importCode == .partial { return .partial }
        if transformCode != .success { return transformCode }
        return .success
    }
}
