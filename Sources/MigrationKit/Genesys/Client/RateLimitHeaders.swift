import Foundation

/// The budget an answer announces (contract §3.2): `inin-ratelimit-allowed`, `-count` and `-reset`.
struct RateLimitHeaders: Sendable, Equatable {
    /// Requests allowed per window.
    var allowed: Int
    /// Requests used in the current window, this one included.
    var count: Int
    /// Seconds until the window resets.
    var reset: Double

    /// The three headers of `response`, or nil unless all three are present and numeric.
    init?(_ response: TransportResponse) {
        guard let allowed = response.header("inin-ratelimit-allowed").flatMap(Self.integer),
              let count = response.header("inin-ratelimit-count").flatMap(Self.integer),
              let reset = response.header("inin-ratelimit-reset").flatMap(Self.seconds),
              allowed > 0, count >= 0 else { return nil }
        self.init(allowed: allowed, count: count, reset: reset)
    }

    init(allowed: Int, count: Int, reset: Double) {
        self.allowed = allowed
        self.count = count
        self.reset = reset
    }

    /// A `Retry-After` in seconds (the form the platform sends); nil when absent or in another form.
    static func retryAfter(_ response: TransportResponse) -> Double? {
        response.header("Retry-After").flatMap(seconds)
    }

    /// `inin-ratelimit-reset` alone, for a 429 without `Retry-After`.
    static func reset(_ response: TransportResponse) -> Double? {
        response.header("inin-ratelimit-reset").flatMap(seconds)
    }

    private static func integer(_ text: String) -> Int? {
        Int(text.trimmingCharacters(in: .whitespaces))
    }

    /// A non-negative, finite number of seconds.
    private static func seconds(_ text: String) -> Double? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0 else { return nil }
        return value
    }
}
