/// Where one chunk of the plan stands after a run.
public struct ImportChunkOutcome: Sendable, Equatable {
    public enum Result: String, Sendable {
        /// Completed, this run or an earlier one.
        case completed
        /// Failed for good (with the platform's errors), this run or an earlier one.
        case failed
        /// Not finished: submitted and not polled to its end, or in doubt after repeated
        /// transient failures. The next run goes on with it.
        case pending
    }

    public var window: String
    public var index: Int
    public var hash: String
    public var result: Result
    /// Records the destination holds from this chunk (completed), or the chunk's records.
    public var records: Int
    /// Records left out because the destination already held them.
    public var alreadyHeld: Int
    /// Whether this run finished it (false: recorded as done by an earlier run).
    public var finishedThisRun: Bool
    public var failure: ImportChunkState.Failure?
    /// The platform's errors (failed), or why it is pending.
    public var errors: [String]

    public init(window: String, index: Int, hash: String, result: Result, records: Int, alreadyHeld: Int = 0,
                finishedThisRun: Bool, failure: ImportChunkState.Failure? = nil, errors: [String] = []) {
        self.window = window
        self.index = index
        self.hash = hash
        self.result = result
        self.records = records
        self.alreadyHeld = alreadyHeld
        self.finishedThisRun = finishedThisRun
        self.failure = failure
        self.errors = errors
    }
}
