import Essentials
import Foundation
import MigrationKit
import Synchronization

/// The export's progress on standard error: a line per event worth a person's attention, and a
/// running count of windows and records.
final class ExportProgress: Sendable {
    private struct Counts {
        var done = 0
        var records = 0
    }

    private let total: Int
    private let context: CommandContext
    private let rateLimited: @Sendable () -> Int
    private let counts = Mutex(Counts())
    private let started = Date()

    init(total: Int, context: CommandContext, rateLimited: @escaping @Sendable () -> Int) {
        self.total = total
        self.context = context
        self.rateLimited = rateLimited
    }

    func show(_ event: ExportEvent) {
        switch event {
        case .sourceChosen(let kind, let reason):
            context.printError("source kind: \(kind.rawValue) (\(reason))")
        case .note(let window, let text):
            context.printError("\(window): \(text)")
        case .windowFinished(let outcome):
            let (done, records) = counts.withLock { counts -> (Int, Int) in
                counts.done += 1
                counts.records += outcome.state.recordCount
                return (counts.done, counts.records)
            }
            let seconds = Date().timeIntervalSince(started)
            let rate = seconds > 0 ? Int(Double(records) / seconds) : 0
            let what: String
            switch (outcome.skipped, outcome.state.status) {
            case (true, _): what = "already exported, file unchanged"
            case (_, .completed): what = "\(Figures.grouped(outcome.state.recordCount)) records" + (outcome.state.leftOut > 0 ? ", \(outcome.state.leftOut) left out" : "")
            default: what = "failed"
            }
            context.printError("[\(done)/\(total)] \(outcome.window): \(what) — \(Figures.grouped(records)) records, \(Figures.grouped(rate)) records/s, \(rateLimited()) 429s")
        }
    }
}
