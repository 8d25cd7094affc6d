/// Progress of the import phase, reported as it happens.
public enum ImportEvent: Sendable {
    /// The plan: chunks in all, how many are already completed, how many records they hold.
    case planned(chunks: Int, completed: Int, records: Int, completedRecords: Int)
    /// Something the admin should know (a window planned again, a fresh state, a chunk re-sent).
    case note(String)
    /// A chunk reached the end of the protocol this run (completed or failed), or was left for the
    /// next run.
    case chunkFinished(ImportChunkOutcome)
    /// A test-only pause point was reached (`INTERACTION_MIGRATE_TEST_PAUSE`).
    case paused(point: String, chunk: String)
}
