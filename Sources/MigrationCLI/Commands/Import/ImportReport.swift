import Essentials
import MigrationKit

/// The import's closing words: the summary, what failed and why, what to do next, and the
/// exit status that goes with them.
enum ImportReport {
    static func finish(_ summary: ImportSummary, workspace: MigrationWorkspace, context: CommandContext, printSummary: Bool) -> ExitCode {
        let org = "\(summary.destinationOrgName) (\(summary.destinationOrgId))"
        if summary.stoppedByPreflight {
            context.printError("pre-flight check: the chunks to send carry ids that \(org) doesn't have; nothing was sent:")
            for missing in summary.missingReferences { context.printError("  \(missing.line)") }
            context.printError("map these entries to existing destination entities in \(workspace.mappingFile), run 'interaction-migrate transform --name \(workspace.name)' and import again")
            return .needsAttention
        }
        if printSummary {
            context.print("\(org): \(summary.completedChunks) of \(summary.chunks.count) chunks completed, \(Figures.grouped(summary.importedRecords)) records imported (\(Figures.grouped(summary.importedThisRun)) this run) in \(Figures.oneDecimal(summary.seconds)) s; \(summary.posts) import jobs sent, \(summary.polls) polls, \(summary.rateLimited) 429s waited out")
            for window in summary.windows where window.replannedBecause != nil {
                context.print("window \(window.window) was planned again: \(window.replannedBecause!)")
            }
        }
        for (window, reason) in summary.notImportable {
            context.printError("window \(window) was not imported: \(reason)")
        }
        for chunk in summary.failed {
            let reasons = chunk.errors.prefix(5).joined(separator: "; ") + (chunk.errors.count > 5 ? "; ..." : "")
            context.printError("chunk \(chunk.window)#\(chunk.index) (\(chunk.records) records) failed, \(Self.kind(chunk.failure)): \(reasons)")
        }
        if summary.failed.contains(where: { $0.failure == .invalidReference }) {
            context.printError("fix the mapping entries of the ids above in \(workspace.mappingFile), run 'interaction-migrate transform --name \(workspace.name)', then import again: completed chunks stay, the rest is sent without duplicates")
        }
        if summary.failed.contains(where: { $0.failure == .duplicateKey }) {
            context.printError("the destination already holds records of chunks that were never in doubt (imported by something else?); run again with --reconcile-duplicates to send the others")
        }
        for chunk in summary.pending {
            context.printError("chunk \(chunk.window)#\(chunk.index) is not finished: \(chunk.errors.first ?? "run again")")
        }
        if !summary.pending.isEmpty { return .failure }
        if !summary.failed.isEmpty || !summary.notImportable.isEmpty { return .partial }
        return .success
    }

    private static func kind(_ failure: ImportChunkState.Failure?) -> String {
        switch failure {
        case .invalidReference: return "references the destination doesn't have"
        case .duplicateKey: return "records the destination already holds"
        case .rejected, nil: return "refused by the destination"
        }
    }
}
