/// What the export phase did with one window.
public struct ExportWindowOutcome: Sendable {
    public var window: String
    /// The window's record as the state file now has it.
    public var state: ExportWindowState
    /// Whether the window was already complete, its file unchanged.
    public var skipped: Bool
    /// Seconds spent on the window in this run.
    public var seconds: Double
    /// Seconds from the job's completion to the verified file (download or result pages).
    public var fetchSeconds: Double

    public init(window: String, state: ExportWindowState, skipped: Bool, seconds: Double, fetchSeconds: Double = 0) {
        self.window = window
        self.state = state
        self.skipped = skipped
        self.seconds = seconds
        self.fetchSeconds = fetchSeconds
    }
}
