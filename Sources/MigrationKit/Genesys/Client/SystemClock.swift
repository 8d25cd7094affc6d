import Essentials

/// The real clock: the monotonic system clock and `Task.sleep`.
public struct SystemClock: ClientClock {
    /// The system clock.
    public init() {}

    public func now() -> Double { Double(Stopwatch.nanoseconds()) / 1e9 }

    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400 * 365) * 1e9))
    }
}
