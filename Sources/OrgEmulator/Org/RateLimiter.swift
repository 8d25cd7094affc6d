/// A fixed-window request budget, as the platform announces it in `inin-ratelimit-*` headers.
struct RateLimiter: Sendable {
    let allowed: Int
    let window: Double
    private var windowStart: Double?
    private(set) var count = 0

    init(allowed: Int, window: Double) {
        self.allowed = allowed
        self.window = window
    }

    /// What one request gets at `now`: admitted (and counted) or refused until the window resets.
    enum Decision: Equatable {
        case admitted
        case refused(retryAfter: Int)
    }

    mutating func admit(at now: Double) -> Decision {
        if let start = windowStart, now < start + window {
            if count >= allowed { return .refused(retryAfter: secondsToReset(at: now)) }
        } else {
            windowStart = now
            count = 0
        }
        count += 1
        return .admitted
    }

    /// Whole seconds until the current window resets (at least 1 while a window is open).
    func secondsToReset(at now: Double) -> Int {
        guard let start = windowStart else { return Int(window.rounded(.up)) }
        return max(1, Int((start + window - now).rounded(.up)))
    }

    /// The `inin-ratelimit-*` headers for a response sent at `now`.
    func headers(at now: Double) -> [(String, String)] {
        [("inin-ratelimit-allowed", String(allowed)),
         ("inin-ratelimit-count", String(count)),
         ("inin-ratelimit-reset", String(secondsToReset(at: now)))]
    }
}
