import Essentials
import Foundation
import MigrationKit
import Synchronization

/// The import's progress on standard error: on a terminal one line rewritten in place (chunks
/// done of all, records, records/s, ETA, 429s); otherwise a plain line every few seconds. Notes
/// and failures get lines of their own.
final class ImportProgress: Sendable {
    private struct Counts {
        var total = 0
        var done = 0
        var records = 0
        var recordsDone = 0
        var recordsThisRun = 0
        var lastLine = -Double.infinity
        var showing = false
    }

    private let context: CommandContext
    private let rateLimited: @Sendable () -> Int
    private let terminal: Bool
    private let interval: Double
    private let counts = Mutex(Counts())
    private let started = Date()

    init(context: CommandContext, rateLimited: @escaping @Sendable () -> Int, interval: Double = 5) {
        self.context = context
        self.rateLimited = rateLimited
        terminal = context.output.standardErrorIsTerminal
        self.interval = interval
    }

    func show(_ event: ImportEvent) {
        switch event {
        case .planned(let chunks, let completed, let records, let completedRecords):
            counts.withLock {
                $0.total = chunks
                $0.done = completed
                $0.records = records
                $0.recordsDone = completedRecords
            }
            line("\(chunks) chunks planned (\(Figures.grouped(records)) records), \(completed) already completed", force: true)
        case .note(let text):
            line(text, force: true)
        case .paused(let point, let chunk):
            // For kill tests: a marker line they wait for.
            line("[test] paused at \(point): chunk \(chunk)", force: true)
        case .chunkFinished(let outcome):
            counts.withLock {
                $0.done += outcome.result == .completed || outcome.result == .failed ? 1 : 0
                if outcome.result == .completed {
                    // A chunk's records are done whether this run sent them or the destination
                    // already held them.
                    $0.recordsDone += outcome.records + outcome.alreadyHeld
                    $0.recordsThisRun += outcome.records + outcome.alreadyHeld
                }
            }
            if outcome.result == .failed {
                line("chunk \(outcome.window)#\(outcome.index) failed (\(outcome.failure?.rawValue ?? "refused")): \(outcome.errors.first ?? "no reason given")", force: true)
            }
            status(force: false)
        }
    }

    /// Ends the progress line (a terminal's) before the summary.
    func finish() {
        status(force: true)
        if terminal { context.output.standardError("\n") }
        counts.withLock { $0.showing = false }
    }

    private func status(force: Bool) {
        let now = Date().timeIntervalSince(started)
        let text: String? = counts.withLock { counts in
            guard force || terminal || now - counts.lastLine >= interval else { return nil }
            counts.lastLine = now
            let rate = now > 0 ? Double(counts.recordsThisRun) / now : 0
            let left = counts.records - counts.recordsDone
            let eta = rate > 0 ? "ETA \(Figures.oneDecimal(Double(left) / rate)) s" : "ETA unknown"
            return "chunks \(counts.done)/\(counts.total), \(Figures.grouped(counts.recordsDone))/\(Figures.grouped(counts.records)) records, \(Figures.grouped(Int(rate))) records/s, \(eta), \(rateLimited()) 429s"
        }
        guard let text else { return }
        if terminal {
            counts.withLock { $0.showing = true }
            context.output.standardError("\r\u{1B}[K" + text)
        } else {
            context.printError(text)
        }
    }

    private func line(_ text: String, force: Bool) {
        if terminal, counts.withLock({ $0.showing }) {
            context.output.standardError("\r\u{1B}[K")
        }
        context.printError(text)
        if terminal { status(force: true) }
    }
}
