import Essentials

/// An analytics conversation-details job (§9).
struct AnalyticsJob: Sendable {
    var id: String
    var submittedAt: Double
    var readyAt: Double
    var start: ISOTimestamp
    var end: ISOTimestamp
    /// Indexes into the org's interactions whose lifetime overlaps the interval, in
    /// conversation-start order, fixed at submission.
    var interactionIndexes: [Int]
    /// Whether the job ends `FAILED` (the `failExportJobsShare` knob) rather than `FULFILLED`.
    var fails = false
}
