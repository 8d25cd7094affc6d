import Essentials
import MigrationKit

/// A run's progress on standard error: a line per window per phase as it finishes, notes, and
/// failures, so that an overnight log reads as what happened in order.
struct RunProgress: Sendable {
    let context: CommandContext

    func show(_ event: RunEvent) {
        switch event {
        case .orgs(let source, let destination):
            context.printError("source \(source.name) (\(source.id)) → destination \(destination.name) (\(destination.id))")
        case .note(let text):
            context.printError(text)
        case .export(let event):
            switch event {
            case .sourceChosen(let kind, let reason):
                context.printError("export: \(kind.rawValue) (\(reason))")
            case .note(let window, let text):
                context.printError("export \(window): \(text)")
            case .windowFinished(let outcome):
                let state = outcome.state
                if state.status != .completed {
                    context.printError("export \(outcome.window): failed: \(state.lastError ?? "no reason recorded")")
                } else if outcome.skipped {
                    context.printError("export \(outcome.window): already exported and unchanged (\(Figures.grouped(state.recordCount)) records)")
                } else {
                    context.printError("export \(outcome.window): \(Figures.grouped(state.recordCount)) records (\(Figures.oneDecimal(outcome.seconds)) s)")
                }
            }
        case .transform(let event):
            switch event {
            case .schemaFetched(let schema):
                context.printError("destination schema \(schema.version): \(schema.fields.count) top-level fields, kept in the state file")
            case .windowFinished(let outcome):
                context.printError("transform \(TransformReport.line(outcome))")
            }
        case .import(let event):
            switch event {
            case .planned(let chunks, let completed, let records, _):
                context.printError("import: \(chunks) chunks (\(Figures.grouped(records)) records), \(completed) already completed")
            case .note(let text):
                context.printError("import: \(text)")
            case .paused(let point, let chunk):
                context.printError("[test] paused at \(point): chunk \(chunk)")
            case .chunkFinished(let outcome):
                switch outcome.result {
                case .completed where outcome.finishedThisRun:
                    context.printError("import \(outcome.window)#\(outcome.index): \(outcome.records) records imported")
                case .failed:
                    context.printError("import \(outcome.window)#\(outcome.index): failed (\(outcome.failure?.rawValue ?? "refused")): \(outcome.errors.first ?? "no reason given")")
                default:
                    break
                }
            }
        }
    }
}
