/// Progress of the export phase, reported as it happens.
public enum ExportEvent: Sendable {
    /// Where the records come from, and why (`auto` asked the org).
    case sourceChosen(ExportSourceKind, reason: String)
    /// Something the admin should know about one window (a changed file exported again, a job
    /// submitted again, a download retried).
    case note(window: String, String)
    /// A window was exported, skipped as already done, or given up on.
    case windowFinished(ExportWindowOutcome)
}
