import Essentials
import MigrationKit
import Synchronization
import Testing

/// A fixed-window budget as contract §3.2 describes it, on the test's clock: answers carry the
/// `inin-ratelimit-*` headers, and a request over budget gets a 429 with `Retry-After`.
final class BudgetedOrg: Sendable {
    private struct State {
        var windowStart: Double?
        var count = 0
        var rejected = 0
        var blockedUntil = -Double.infinity
        var violations = 0
    }

    let allowed: Int
    let window: Double
    private let clock: any ClientClock
    private let state = Mutex(State())

    init(allowed: Int, window: Double, clock: any ClientClock) {
        self.allowed = allowed
        self.window = window
        self.clock = clock
    }

    var rejected: Int { state.withLock { $0.rejected } }
    var violations: Int { state.withLock { $0.violations } }

    func answer(retryAfter: Bool = true) -> TransportResponse {
        let now = clock.now()
        return state.withLock { state in
            if now < state.blockedUntil { state.violations += 1 }
            if let start = state.windowStart, now < start + window {
                if state.count >= allowed {
                    state.rejected += 1
                    let wait = max(1, (start + window - now).rounded(.up))
                    state.blockedUntil = max(state.blockedUntil, now + wait)
                    var headers = limitHeaders(state, now: now)
                    if retryAfter { headers.append(("Retry-After", String(Int(wait)))) }
                    return Canned.platformError(429, code: "too.many.requests", message: "Rate limit exceeded", headers: headers)
                }
            } else {
                state.windowStart = now
                state.count = 0
            }
            state.count += 1
            return Canned.json(200, ["ok": true], headers: limitHeaders(state, now: now))
        }
    }

    private func limitHeaders(_ state: State, now: Double) -> [(name: String, value: String)] {
        let reset = max(1, Int(((state.windowStart ?? now) + window - now).rounded(.up)))
        return [("inin-ratelimit-allowed", String(allowed)), ("inin-ratelimit-count", String(state.count)),
                ("inin-ratelimit-reset", String(reset))]
    }
}

@Suite("OrgClient: rate limits (contract §3.2)")
struct OrgClientPacingTests {
    @Test("a client that reads the headers waits for the window's reset instead of meeting a 429")
    func pacesByHeaders() async throws {
        let clock = ManualClock()
        let org = BudgetedOrg(allowed: 5, window: 10, clock: clock)
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in org.answer() })
        let client = try FakeOrg.client(transport, clock: clock)
        for _ in 0..<23 { _ = try await client.get("/api/v2/routing/queues") }
        #expect(org.rejected == 0)
        let times = transport.apiRequests.map(\.time)
        #expect(times.count == 23)
        // The sixth request belongs to the second window: not before the first one ended.
        #expect(times[5] >= times[0] + 10)
        #expect(times[10] >= times[5] + 10)
        #expect(times[20] >= times[15] + 10)
    }

    @Test("after a 429 nothing is sent before its Retry-After has passed, and the call succeeds")
    func retryAfter() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            calls.next() == 1
                ? Canned.platformError(429, code: "too.many.requests", message: "Retry the request in [23] seconds",
                                       headers: [("Retry-After", "23")])
                : Canned.ok
        })
        let client = try FakeOrg.client(transport, clock: clock, retry: RetryPolicy(maxAttempts: 1))
        _ = try await client.get("/api/v2/routing/queues")
        _ = try await client.get("/api/v2/routing/queues")
        let times = transport.apiRequests.map(\.time)
        try #require(times.count == 3)
        #expect(times[1] >= times[0] + 23)
        #expect(times[2] >= times[0] + 23)
    }

    @Test("a 429 without Retry-After waits for inin-ratelimit-reset")
    func resetWithoutRetryAfter() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            calls.next() == 1
                ? Canned.platformError(429, code: "too.many.requests", message: "slow down",
                                       headers: [("inin-ratelimit-allowed", "300"), ("inin-ratelimit-count", "300"),
                                                 ("inin-ratelimit-reset", "12")])
                : Canned.ok
        })
        _ = try await FakeOrg.client(transport, clock: clock).get("/api/v2/routing/queues")
        let times = transport.apiRequests.map(\.time)
        #expect(times[1] >= times[0] + 12)
    }

    @Test("429s do not use up the attempts for failures, but are bounded")
    func rateLimitBound() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            calls.next() <= 3 ? Canned.platformError(429, code: "too.many.requests", message: "wait", headers: [("Retry-After", "1")]) : Canned.ok
        })
        let client = try FakeOrg.client(transport, clock: clock, retry: RetryPolicy(maxAttempts: 1, maxRateLimitWaits: 5))
        _ = try await client.get("/api/v2/routing/queues")
        #expect(transport.apiRequests.count == 4)

        let always = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            Canned.platformError(429, code: "too.many.requests", message: "wait", headers: [("Retry-After", "1")])
        })
        let bounded = try FakeOrg.client(always, clock: clock, retry: RetryPolicy(maxRateLimitWaits: 3))
        await #expect {
            try await bounded.get("/api/v2/routing/queues")
        } throws: { error in
            (error as? OrgAPIError)?.status == 429
        }
        #expect(always.apiRequests.count == 4)
    }

    @Test("concurrent tasks over a small budget see no 429 and never send while blocked")
    func concurrentBudget() async throws {
        let clock = SystemClock()
        let org = BudgetedOrg(allowed: 4, window: 1, clock: clock)
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            try await Task.sleep(nanoseconds: 5_000_000)
            return org.answer()
        })
        let client = try FakeOrg.client(transport, clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask { for _ in 0..<4 { _ = try await client.get("/api/v2/routing/queues") } }
            }
            try await group.waitForAll()
        }
        #expect(transport.apiRequests.count == 12)
        #expect(org.rejected == 0)
        #expect(org.violations == 0)
    }
}

@Suite("OrgClient: a 429 without any header")
struct OrgClientBareRateLimitTests {
    @Test("waits the backoff's ceiling, growing, rather than a jittered moment")
    func bare429() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            calls.next() <= 2 ? TransportResponse(status: 429) : Canned.ok
        })
        let client = try FakeOrg.client(transport, clock: clock, retry: RetryPolicy(baseDelay: 1, maxDelay: 60), random: { 0 })
        _ = try await client.get("/api/v2/routing/queues")
        let times = transport.apiRequests.map(\.time)
        try #require(times.count == 3)
        #expect(times[1] >= times[0] + 1)
        #expect(times[2] >= times[1] + 2)
    }
}
