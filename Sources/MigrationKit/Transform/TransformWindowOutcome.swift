/// What the transform phase did with one window.
public struct TransformWindowOutcome: Sendable {
    /// The window's name.
    public var window: String
    /// The window's record: counts, unmapped references, dropped fields; for a skipped window,
    /// as its last transform left them.
    public var state: TransformWindowState
    /// Whether the window was skipped, unchanged since its last transform.
    public var skipped: Bool
    /// How long the transform took (0 when skipped).
    public var seconds: Double
    /// How many sorted runs went to disk (0 when the window fit the memory budget, or was skipped).
    public var spilledRuns: Int

    public init(window: String, state: TransformWindowState, skipped: Bool, seconds: Double = 0, spilledRuns: Int = 0) {
        self.window = window
        self.state = state
        self.skipped = skipped
        self.seconds = seconds
        self.spilledRuns = spilledRuns
    }
}
