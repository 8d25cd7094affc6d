import Essentials
import Foundation
import MigrationKit

/// The dry run's words for the admin: both orgs, what would be sent and what is done already,
/// what would be refused and why, what to change in the mapping file, how long it would take,
/// where the report is, and a verdict; and the exit status that goes with them (0 when a real
/// import would send everything, 3 otherwise).
enum DryRunSummary {
    /// Prints the summary (on standard error when `json` puts the report on standard output) and
    /// returns the exit status.
    static func finish(_ report: DryRunReport, workspace: MigrationWorkspace, context: CommandContext, json: Bool) -> ExitCode {
        if json, let bytes = try? JSONWriter.pretty(report.jsonValue, sortedKeys: false) {
            context.print(String(decoding: bytes, as: UTF8.self))
        }
        for line in lines(report, workspace: workspace) {
            if json { context.printError(line) } else { context.print(line) }
        }
        return report.wouldSendEverything ? .success : .needsAttention
    }

    /// The summary's lines.
    static func lines(_ report: DryRunReport, workspace: MigrationWorkspace) -> [String] {
        var out: [String] = []
        out.append("dry run of migration '\(report.migration)': nothing was written to the destination, nothing recorded in the state")
        out.append("  source:      \(report.source.line)")
        out.append("  destination: \(report.destination.line)")
        out.append("  schema \(report.schemaVersion): \(schemaLine(report.schema))")

        // What would be sent.
        let chunks = report.chunks
        let records = report.windows.reduce(0) { $0 + $1.records }
        out.append("plan: \(count(chunks.count, "chunk")) of up to \(Figures.grouped(report.chunkSize)) records in \(count(report.windows.count, "window")), \(Figures.grouped(records)) records")
        let send = report.chunks(.send), doubt = report.chunks(.inDoubt), poll = report.chunks(.poll)
        let done = report.chunks(.completed), failed = report.chunks(.failed), refused = report.chunks(.refused)
        out.append("  already done (completed per the state, not sent again): \(count(done.count, "chunk")), \(Figures.grouped(report.recordsDone)) records")
        out.append("  would send: \(count(send.count, "chunk")), \(Figures.grouped(recordCount(send))) records")
        if !doubt.isEmpty {
            let held = doubt.reduce(0) { $0 + $1.alreadyHeld }
            out.append("  in doubt, would be sent again with the records the destination already holds left out (DUPLICATE_KEY reconciled): \(count(doubt.count, "chunk")), \(Figures.grouped(recordCount(doubt))) records\(held > 0 ? ", \(Figures.grouped(held)) of them left out" : "")")
            for reason in Set(doubt.compactMap(\.reason)).sorted() {
                let names = doubt.filter { $0.reason == reason }.map(\.name)
                out.append("    \(listed(names)): \(reason)")
            }
        }
        if !poll.isEmpty {
            out.append("  accepted by an earlier run, would be polled, not sent: \(count(poll.count, "chunk")) (\(listed(poll.map(\.name))))")
        }
        for window in report.windows where window.earlierPlanRecords > 0 {
            out.append("  window \(window.window): \(Figures.grouped(window.earlierPlanRecords)) records were imported by chunks of an earlier plan; its chunks not completed are sent as in doubt, so none is duplicated")
        }
        if !failed.isEmpty {
            out.append("  recorded failed by an earlier run, not sent again: \(count(failed.count, "chunk")), \(Figures.grouped(recordCount(failed))) records")
            for chunk in failed.prefix(5) { out.append("    \(chunk.name): \(chunk.reason ?? "failed")") }
            if failed.contains(where: { $0.reason?.contains("(invalidReference)") == true }) {
                out.append("    fix the mapping, run 'interaction-migrate transform --name \(report.migration)' and the failed chunks are planned again")
            }
            if failed.contains(where: { $0.reason?.contains("(duplicateKey)") == true }) {
                out.append("    --reconcile-duplicates would send their other records")
            }
        }

        // What would be refused.
        if !refused.isEmpty {
            out.append("would be refused: \(count(refused.count, "chunk")), \(Figures.grouped(recordCount(refused))) records")
            for refusal in report.refusals {
                out.append("  \(refusal.code.rawValue) (\(refusal.code.meaning)): \(Figures.grouped(refusal.records)) records in \(count(refusal.chunks, "chunk")) of window\(refusal.windows.count == 1 ? "" : "s") \(listed(refusal.windows))")
                for example in refusal.examples { out.append("    e.g. \(example)") }
            }
            let codes = Set(report.refusals.map(\.code))
            if codes.contains(.immutableField) || codes.contains(.unknownField) || codes.contains(.badRequest) {
                out.append("  run 'interaction-migrate transform --name \(report.migration)' again against this destination: it strips system-managed fields and those the destination's schema doesn't know")
            }
            if codes.contains(.schemaIncompatible) {
                let supported = report.schema.supportedVersions?.joined(separator: ", ") ?? "unknown"
                out.append("  use --schema-version with a version the destination supports (\(supported)), and transform for it")
            }
            if codes.contains(.duplicateKey) {
                out.append("  records the destination already holds, in chunks never in doubt: --reconcile-duplicates would leave them out and send the others")
            }
        }
        if report.stoppedByPreflight {
            out.append("the import's pre-flight check would stop the run before its first POST: nothing would be sent until these ids are fixed")
            for missing in report.missingReferences { out.append("  \(missing.line)") }
        }
        if !report.mappingFixes.isEmpty {
            out.append("to change in \(workspace.mappingFile):")
            for fix in report.mappingFixes { out.append("  \(fix.line)") }
            out.append("  then run 'interaction-migrate transform --name \(report.migration)' and this dry run again")
        }
        for blocked in report.blockedWindows {
            out.append("window \(blocked.window) would not be imported: \(blocked.reason)")
        }
        for problem in report.problems { out.append("the import would not run: \(problem)") }
        for note in report.notes { out.append("note: \(note)") }

        out.append("estimate: \(estimateLine(report.estimate))")
        if let file = report.reportFile { out.append("report: \(workspace.relative(file))") }
        out.append(verdict(report))
        return out
    }

    // MARK: - Pieces

    static func schemaLine(_ schema: DryRunReport.Schema) -> String {
        let supported = schema.supportedVersions.map { $0.isEmpty ? "none" : $0.joined(separator: ", ") }
        switch schema.origin {
        case .destination:
            if schema.fields == nil { return "NOT supported by the destination (it supports \(supported ?? "none"))" }
            return "supported by the destination (\(supported ?? "")), \(schema.fields?.count ?? 0) top-level fields"
        case .stateFile:
            return "fields as the transform recorded them (the destination serves no schema list)"
        case .unknown:
            return "unknown (the destination serves no schema list): only transcripts and media are checked as unknown fields"
        }
    }

    static func estimateLine(_ estimate: DryRunEstimate) -> String {
        guard estimate.posts > 0 || estimate.polls > 0 else { return "nothing to send" }
        let each = estimate.learnedFromJobs > 0
            ? "\(seconds(estimate.jobSecondsEach)) each, learned from \(count(estimate.learnedFromJobs, "completed job")) in the state"
            : "\(seconds(estimate.jobSecondsEach)) each, a guess: no job time is recorded yet"
        let jobs = "\(count(estimate.posts, "job")) one at a time (\(each)): \(seconds(estimate.jobFloorSeconds))"
        let requests: String
        if let allowed = estimate.allowed, let window = estimate.windowSeconds, let floor = estimate.requestFloorSeconds {
            requests = "\(count(estimate.requests, "request")) within the destination's budget of \(allowed) per \(seconds(window)): \(seconds(floor))"
        } else {
            requests = "\(count(estimate.requests, "request")); the destination announced no rate budget"
        }
        let bound = estimate.bound == .jobs ? "the jobs" : "the rate budget"
        return "at least \(seconds(estimate.seconds)), bound by \(bound) (\(jobs); \(requests))"
    }

    static func verdict(_ report: DryRunReport) -> String {
        if report.wouldSendEverything {
            let toSend = report.recordsToSend
            return toSend == 0
                ? "verdict: nothing left to send; every chunk is completed (exit 0)"
                : "verdict: a real import would send everything: \(Figures.grouped(toSend)) records in \(count(report.chunks.filter { !$0.isSettled }.count, "chunk")) (exit 0)"
        }
        var reasons: [String] = []
        if !report.problems.isEmpty { reasons.append("it would not run") }
        if report.stoppedByPreflight { reasons.append("its pre-flight check would stop it") }
        let refused = report.chunks(.refused).count
        if refused > 0 { reasons.append("\(count(refused, "chunk")) would be refused") }
        let failed = report.chunks(.failed).count
        if failed > 0 { reasons.append("\(count(failed, "chunk")) recorded failed would not be sent again") }
        if !report.blockedWindows.isEmpty { reasons.append("\(count(report.blockedWindows.count, "window")) would not be imported") }
        return "verdict: a real import would NOT send everything: \(reasons.joined(separator: "; ")) (exit 3)"
    }

    static func recordCount(_ chunks: [DryRunChunk]) -> Int { chunks.reduce(0) { $0 + $1.records } }

    static func count(_ n: Int, _ noun: String) -> String { "\(Figures.grouped(n)) \(noun)\(n == 1 ? "" : "s")" }

    static func seconds(_ value: Double) -> String {
        if value >= 3600 { return "\(Figures.oneDecimal(value / 3600)) h" }
        if value >= 120 { return "\(Figures.oneDecimal(value / 60)) min" }
        if value >= 10 { return "\(Figures.oneDecimal(value)) s" }
        return "\(String(format: "%.2f", value)) s"
    }

    /// At most 8 names, then how many more.
    static func listed(_ names: [String]) -> String {
        names.count <= 8 ? names.joined(separator: ", ") : names.prefix(8).joined(separator: ", ") + " and \(names.count - 8) more"
    }
}
