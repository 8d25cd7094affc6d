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
