import Foundation

/// How an ``OrgClient`` retries transient failures (contract §3.3) and waits out rate limits.
///
/// Transient failures (502, 503, 504, dropped connections, timeouts) are retried with
/// exponential backoff and full jitter: before retry *n*, a delay drawn uniformly from
/// `0...min(maxDelay, baseDelay × 2^(n-1))`, or the answer's `Retry-After` when it has one.
/// A 429 is not a failed attempt: the client waits as told and tries again, up to
/// ``maxRateLimitWaits`` times for one call.
public struct RetryPolicy: Sendable, Equatable {
    /// The first retry's largest delay, in seconds.
    public var baseDelay: Double
    /// The largest delay of any retry, in seconds.
    public var maxDelay: Double
    /// Attempts in all, the first included, before a transient failure is reported.
    public var maxAttempts: Int
    /// 429 answers one call may wait out before it is reported.
    public var maxRateLimitWaits: Int

    /// A policy; the defaults are contract §3.3's (base 1 s, cap 60 s, 8 attempts).
    public init(baseDelay: Double = 1, maxDelay: Double = 60, maxAttempts: Int = 8, maxRateLimitWaits: Int = 30) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = max(1, maxAttempts)
        self.maxRateLimitWaits = max(0, maxRateLimitWaits)
    }

    /// Contract §3.3: base 1 s, cap 60 s, at most 8 attempts; up to 30 waits for 429 per call.
    public static let standard = RetryPolicy()

    /// The largest delay before retry `retry` (1 for the first retry).
    public func ceiling(forRetry retry: Int) -> Double {
        let exponent = Double(min(max(retry, 1) - 1, 62))
        return min(maxDelay, baseDelay * pow(2, exponent))
    }

    /// The delay before retry `retry` for a uniform draw `unit` in `0..<1`: full jitter.
    public func delay(forRetry retry: Int, unit: Double) -> Double {
        ceiling(forRetry: retry) * min(max(unit, 0), 1)
    }
}
