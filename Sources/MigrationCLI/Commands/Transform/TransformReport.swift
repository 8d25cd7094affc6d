import Essentials
import MigrationKit

/// How `transform` shows its progress and verdict: a line per window, then what needs an admin.
enum TransformReport {
    /// `2024-01-15: 400 in, 398 out, 2 invalid (61234 records/s)`, or the skipped line.
    static func line(_ outcome: TransformWindowOutcome) -> String {
        let state = outcome.state
        if outcome.skipped {
            var line = "\(outcome.window): unchanged since the last transform, skipped"
            if state.rejectedRecords > 0 { line += " (\(state.rejectedRecords) records rejected then)" }
            return line
        }
        let rate = outcome.seconds > 0 ? Int(Double(state.inputRecords) / outcome.seconds) : 0
        var line = "\(outcome.window): \(state.inputRecords) in, \(state.outputSHA256 == nil ? "no output" : "\(state.outputRecords) out")"
        if state.invalidRecords > 0 { line += ", \(state.invalidRecords) invalid" }
        if state.unmappedRecords > 0 { line += ", \(state.unmappedRecords) with unmapped references" }
        line += " (\(rate) records/s"
        if outcome.spilledRuns > 0 { line += ", sorted on disk in \(outcome.spilledRuns) runs" }
        return line + ")"
    }

    /// Prints the reports' gist and what to do, and picks the exit status: 3 when records were
    /// rejected (now or by an earlier run of a skipped window) or windows were blocked.
    static func finish(_ summary: TransformSummary, mappingName: String?, context: CommandContext) -> ExitCode {
        if !summary.unmapped.isEmpty {
            context.print(summary.unmapped.text(mappingName: mappingName))
            if let json = summary.unmappedReportFiles.first { context.print("unmapped report: \(json)") }
        }
        if !summary.drift.isEmpty {
            context.print("fields the destination schema doesn't know, dropped: \(summary.drift.summary)")
        }
        let rejected = summary.rejectedRecords
        if rejected > 0 {
            let earlier = summary.rejectedEarlier
            let note = earlier == 0 ? "" : " (\(earlier) of them found earlier, in windows skipped as unchanged)"
            context.print("\(rejected) records rejected\(note); see \(summary.rejectsLocation)")
        }
        if !summary.blockedWindows.isEmpty {
            context.printError("windows with unmapped references were not transformed; map the references in the mapping file, or use --on-unmapped skip-record or --fallback-wrapup-code NAME")
        }
        return summary.needsAttention ? .needsAttention : .success
    }
}
