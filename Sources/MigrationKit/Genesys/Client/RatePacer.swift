/// Paces the requests of one org so that they stay inside the budget its answers announce
/// (contract §3.2). One per ``OrgClient``, shared by all of its tasks.
///
/// Every answer says how much of its window was used (`inin-ratelimit-count`) and when that
/// window resets (`inin-ratelimit-reset`, whole seconds rounded up). Taken at receipt, receipt
/// time plus `reset` is a time by which that window has certainly ended. Until then, the count
/// may still describe the current window, so the pacer's estimate of the current window's use is
///
///     max(count of every answer whose window may not have ended yet)
///       + requests in flight
///       + recent requests that ended without headers (the org may have counted them).
///
/// This never undercounts, needs no guess about which window an answer belonged to, and forgets
/// a window's use only once the window has certainly ended. Before a request goes out:
///
/// - after a 429, nobody sends until its `Retry-After` (or `inin-ratelimit-reset`) has passed;
/// - until the first answer says what the budget is, one request at a time;
/// - when the estimate reaches the budget, everybody waits until it drops;
/// - the last tenth of the budget is spread over the rest of the window rather than burst.
actor RatePacer {
    /// What one answer said: its count holds until `end`.
    private struct Observation {
        var end: Double
        var count: Int
    }

    private let clock: any ClientClock
    /// How long to wait before looking again when only an answer can unblock (the first one, or
    /// one of those in flight).
    private let pollInterval: Double

    private var allowed: Int?
    private var sawAnswer = false
    /// Answers whose window may not have ended; none is dominated by another (later end and
    /// higher count).
    private var observations: [Observation] = []
    /// When each request that ended without headers stops counting.
    private var blindUntil: [Double] = []
    /// The longest `inin-ratelimit-reset` seen: an upper bound of the window's length.
    private var longestReset: Double = 60
    private var inFlight = 0
    private var blockedUntil = -Double.infinity
    private var nextSpreadSend = -Double.infinity

    init(clock: any ClientClock, pollInterval: Double = 0.02) {
        self.clock = clock
        self.pollInterval = pollInterval
    }

    /// Waits until a request may be sent, and counts it as in flight. Every successful call must
    /// be followed by one ``finish(_:answered:receivedAt:)``, or ``release()`` when the
    /// request is not sent after all.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func acquire() async throws {
        while true {
            let now = clock.now()
            if now < blockedUntil {
                try await clock.sleep(seconds: blockedUntil - now)
                continue
            }
            if !sawAnswer {
                // The budget is unknown until the first answer: probe with one request.
                if inFlight == 0 { break }
                try await clock.sleep(seconds: pollInterval)
                continue
            }
            // An org that announces no budget cannot be paced by it.
            guard let allowed else { break }
            forgetEnded(at: now)
            let remaining = allowed - (observedCount + blindUntil.count + inFlight)
            if remaining <= 0 {
                // The estimate drops when the earliest window ends or an answer arrives.
                let wake = (observations.map(\.end) + blindUntil).min().map { max($0 - now, 0.001) } ?? pollInterval
                try await clock.sleep(seconds: min(wake, max(pollInterval, 1)))
                continue
            }
            if remaining <= max(1, allowed / 10), let end = observations.map(\.end).max() {
                if now < nextSpreadSend {
                    try await clock.sleep(seconds: nextSpreadSend - now)
                    continue
                }
                nextSpreadSend = now + (end - now) / Double(remaining)
            }
            break
        }
        inFlight += 1
    }

    /// Ends a request counted by ``acquire()``: `headers` are its answer's budget, nil when it had
    /// none or no answer came (`answered` false).
    func finish(_ headers: RateLimitHeaders?, answered: Bool, receivedAt: Double) {
        inFlight = max(0, inFlight - 1)
        if answered { sawAnswer = true }
        guard let headers else {
            // The org may have counted it; it counts until a whole window has passed.
            if allowed != nil { blindUntil.append(receivedAt + longestReset + 1) }
            return
        }
        if headers.reset > 0 { longestReset = allowed == nil ? headers.reset : max(longestReset, headers.reset) }
        allowed = headers.allowed
        let observation = Observation(end: receivedAt + headers.reset, count: headers.count)
        guard observation.end > receivedAt else { return }
        observations.removeAll { $0.end <= observation.end && $0.count <= observation.count }
        if !observations.contains(where: { $0.end >= observation.end && $0.count >= observation.count }) {
            observations.append(observation)
        }
    }

    /// Waits, keeping the slot ``acquire()`` gave, while a 429's `Retry-After` runs: for a request
    /// whose slot was taken before another task's 429 arrived and that is sent only now (after a
    /// token request, say).
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func waitWhileBlocked() async throws {
        while true {
            let now = clock.now()
            guard now < blockedUntil else { return }
            try await clock.sleep(seconds: blockedUntil - now)
        }
    }

    /// Gives back a slot from ``acquire()`` whose request was never sent.
    func release() {
        inFlight = max(0, inFlight - 1)
    }

    /// Stops every request of this org until `time` (a 429's `Retry-After`).
    func block(until time: Double) {
        blockedUntil = max(blockedUntil, time)
    }

    // MARK: - What the org announced

    /// The budget the org's answers announced so far: `inin-ratelimit-allowed`, and the longest
    /// `inin-ratelimit-reset` seen as the window's length (an answer early in a fresh window shows
    /// nearly all of it). Nil until an answer carried the headers.
    var announcedBudget: (allowed: Int, windowSeconds: Double)? {
        allowed.map { ($0, longestReset) }
    }

    // MARK: - Estimate

    /// The highest count that may still describe the current window.
    private var observedCount: Int { observations.map(\.count).max() ?? 0 }

    private func forgetEnded(at now: Double) {
        observations.removeAll { $0.end <= now }
        blindUntil.removeAll { $0 <= now }
        if observations.isEmpty { nextSpreadSend = -Double.infinity }
    }
}
