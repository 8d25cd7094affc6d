import Essentials

/// The time source and sleeper of an ``OrgClient``: token lifetimes, rate-limit windows and
/// retry delays are all measured with it, so tests can replace it.
public protocol ClientClock: Sendable {
    /// Seconds on a monotonic clock (the origin is arbitrary).
    func now() -> Double
    /// Suspends for `seconds` (nothing for zero or less).
    ///
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(seconds: Double) async throws
}

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
