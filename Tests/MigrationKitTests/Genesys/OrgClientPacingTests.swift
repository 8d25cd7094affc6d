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

    @Test("a request whose token arrives after another task's 429 waits out the Retry-After before it is sent")
    func tokenDuringRetryAfter() async throws {
        // Real time: a 1 s Retry-After. Without the wait, B would go out within milliseconds of
        // the 429; a slow machine can only make it later.
        let clock = SystemClock()
        let tokens = Counter()
        let answerA = Gate(), tokenB = Gate()
        let answeredAt = Mutex<Double?>(nil)
        let transport = FakeTransport(clock: clock) { request in
            if request.url == FakeOrg.tokenURL {
                let number = tokens.next()
                if number == 2 { await tokenB.wait() }  // B's new token is slow to come
                return Canned.token("tok\(number)")
            }
            let bearer = request.headers.first { $0.name == "Authorization" }?.value
            if request.url.hasSuffix("/a") && answeredAt.withLock({ $0 == nil }) {
                await answerA.wait()
                answeredAt.withLock { $0 = clock.now() }
                return Canned.platformError(429, code: "too.many.requests", message: "Retry the request in [1] seconds",
                                            headers: [("Retry-After", "1")])
            }
            if request.url.hasSuffix("/b") && bearer == "Bearer tok1" {
                return Canned.platformError(401, code: "authentication.required", message: "the token has expired")
            }
            return Canned.ok
        }
        let client = try FakeOrg.client(transport, clock: clock)
        _ = try await client.get("/api/v2/warm-up")  // tok1, and an answer seen
        let a = Task { try await client.get("/api/v2/a") }  // sent with tok1, its answer held
        try await Self.until { transport.apiRequests.contains { $0.request.url.hasSuffix("/a") } }
        let b = Task { try await client.get("/api/v2/b") }  // a 401, then a new token, which is held
        try await Self.until { tokens.current == 2 }
        answerA.open()  // A reads its 429 while B still waits for its token
        try await Self.until { answeredAt.withLock { $0 != nil } }
        try await Task.sleep(nanoseconds: 50_000_000)  // the 429 reaches the pacer
        tokenB.open()
        _ = try await b.value
        _ = try await a.value
        let rateLimited = try #require(answeredAt.withLock { $0 })
        let sentB = transport.apiRequests.filter { $0.request.url.hasSuffix("/b") }
        try #require(sentB.count == 2, "the 401, then the request with the new token")
        #expect(sentB[1].time >= rateLimited + 1, "B was sent \(sentB[1].time - rateLimited) s into a 1 s Retry-After")
        #expect(sentB[1].request.headers.contains { $0.name == "Authorization" && $0.value == "Bearer tok2" })
    }

    /// Waits (in real time, at most 10 s) until `condition` holds.
    static func until(_ condition: () -> Bool) async throws {
        for _ in 0..<1000 where !condition() { try await Task.sleep(nanoseconds: 10_000_000) }
        try #require(condition())
    }
}

/// Holds the tasks that wait on it until it is opened.
final class Gate: Sendable {
    private let lock = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resume = lock.withLock { state -> Bool in
                if state.open { return true }
                state.waiting.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
    }

    func open() {
        let waiting = lock.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
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
