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
                ? "run complete in \(Figures.oneDecimal(summary.seconds)) s; check it with: \(verifyCommand(summary, workspace: workspace))"
                : leftOutOnly(summary)
                ? "run done in \(Figures.oneDecimal(summary.seconds)) s: every transformed record was imported, but the transform left \(Figures.grouped(summary.transform.rejectedRecords)) records out (see above); to carry them over, fix the mapping file and run again"
                : "run not complete (\(Figures.oneDecimal(summary.seconds)) s); see above, then run again: finished work is kept")
        }
        if importCode == .needsAttention { return .needsAttention }
        if importCode == .failure { return .failure }
        if !export.failed.isEmpty || importCode == .partial { return .partial }
        if transformCode != .success { return transformCode }
        return .success
    }

    /// Whether the only thing missing is records the transform rejected (everything else imported).
    static func leftOutOnly(_ summary: RunSummary) -> Bool {
        summary.export.failed.isEmpty && summary.heldBack.isEmpty && summary.transform.blockedWindows.isEmpty
            && summary.transform.rejectedRecords > 0 && (summary.imports?.isComplete ?? false)
    }

    /// The exact `verify` command line for this run's destination.
    static func verifyCommand(_ summary: RunSummary, workspace: MigrationWorkspace) -> String {
        var words = ["interaction-migrate", "verify", "--name", workspace.name]
        if workspace.root != "." { words += ["--workspace", workspace.root] }
        words += OrgLocation(apiBase: summary.destination.apiBase).options("dest")
        return words.joined(separator: " ")
    }
}
