import Essentials
import MigrationKit
import Synchronization
import Testing

@Suite("OrgClient: retries (contract §3.3)")
struct OrgClientRetryTests {
    @Test("the backoff ceiling doubles from the base up to the cap")
    func ceilings() {
        let policy = RetryPolicy.standard
        #expect(policy.baseDelay == 1 && policy.maxDelay == 60 && policy.maxAttempts == 8)
        #expect((1...8).map { policy.ceiling(forRetry: $0) } == [1, 2, 4, 8, 16, 32, 60, 60])
        #expect(policy.ceiling(forRetry: 500) == 60)
    }

    @Test("full jitter draws every delay between zero and its ceiling")
    func jitterBounds() {
        let policy = RetryPolicy(baseDelay: 0.5, maxDelay: 10)
        var generator = SystemRandomNumberGenerator()
        for retry in 1...20 {
            for _ in 0..<50 {
                let delay = policy.delay(forRetry: retry, unit: Double.random(in: 0..<1, using: &generator))
                #expect(delay >= 0 && delay <= policy.ceiling(forRetry: retry) && delay <= 10)
            }
        }
        #expect(policy.delay(forRetry: 3, unit: 0) == 0)
        #expect(policy.delay(forRetry: 3, unit: 0.5) == 1)
    }

    @Test("503s are retried with jittered backoff bounded by the cap, at most maxAttempts times, then reported")
    func transientExhausted() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            Canned.platformError(503, code: "service.unavailable", message: "The service is temporarily unavailable")
        })
        let draws = Mutex<[Double]>([0.999, 0.25, 0.999, 0.5, 0.999, 0.75, 0.999])
        let client = try FakeOrg.client(transport, clock: clock, retry: RetryPolicy(baseDelay: 1, maxDelay: 4, maxAttempts: 8),
                                        random: { draws.withLock { $0.isEmpty ? 0.999 : $0.removeFirst() } })
        var reported: OrgAPIError?
        do {
            _ = try await client.get("/api/v2/routing/queues")
        } catch let error as OrgAPIError {
            reported = error
        }
        let error = try #require(reported)
        #expect(error.status == 503)
        #expect(error.isTransient)
        #expect(error.attempts == 8)
        #expect(error.description.contains("after 8 attempts"))
        #expect(transport.apiRequests.count == 8)
        let sleeps = clock.sleeps
        try #require(sleeps.count == 7)
        let ceilings: [Double] = [1, 2, 4, 4, 4, 4, 4]
        for (sleep, ceiling) in zip(sleeps, ceilings) { #expect(sleep >= 0 && sleep <= ceiling) }
        #expect(abs(sleeps[0] - 0.999) < 1e-9)
        #expect(abs(sleeps[1] - 0.5) < 1e-9)
        #expect(abs(sleeps[3] - 2) < 1e-9)
        // Each retry goes out only after its delay.
        let times = transport.apiRequests.map(\.time)
        for i in 1..<times.count { #expect(times[i] - times[i - 1] >= sleeps[i - 1] - 1e-9) }
    }

    @Test("a transient failure that clears is retried to success", arguments: [408, 502, 503, 504])
    func transientRecovers(status: Int) async throws {
        let clock = ManualClock()
        let calls = Counter()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            calls.next() <= 2 ? Canned.platformError(status, code: "x", message: "busy") : Canned.json(200, ["id": "org-1"])
        })
        let client = try FakeOrg.client(transport, clock: clock)
        #expect(try await client.get("/api/v2/organizations/me")["id"] == "org-1")
        #expect(transport.apiRequests.count == 3)
    }

    @Test("a Retry-After on a 503 is honoured instead of the backoff")
    func retryAfterOn503() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            calls.next() == 1 ? Canned.platformError(503, code: "x", message: "busy", headers: [("Retry-After", "7")]) : Canned.ok
        })
        let client = try FakeOrg.client(transport, clock: clock)
        _ = try await client.get("/api/v2/organizations/me")
        #expect(clock.sleeps == [7])
        let times = transport.apiRequests.map(\.time)
        #expect(times[1] - times[0] >= 7)
    }

    @Test("dropped connections and timeouts are retried; a TLS failure is not")
    func transportFailures() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            switch calls.next() {
            case 1: throw TransportError.connectionLost(url: FakeOrg.apiBase, reason: "closed")
            case 2: throw TransportError.timedOut(url: FakeOrg.apiBase, seconds: 60)
            default: return Canned.ok
            }
        })
        _ = try await FakeOrg.client(transport, clock: clock).get("/api/v2/organizations/me")
        #expect(transport.apiRequests.count == 3)

        let tls = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            throw TransportError.tlsFailed(url: FakeOrg.apiBase, reason: "untrusted")
        })
        do {
            _ = try await FakeOrg.client(tls, clock: clock).get("/api/v2/organizations/me")
            Issue.record("a TLS failure succeeded")
        } catch let error as OrgClientError {
            guard case .unreachable(_, _, _, let attempts, let failure) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(attempts == 1)
            #expect(failure == .tlsFailed(url: FakeOrg.apiBase, reason: "untrusted"))
            #expect(!error.isTransient)
        }
        #expect(tls.apiRequests.count == 1)
    }

    @Test("other 4xx answers are not retried", arguments: [400, 403, 404, 409, 413, 422])
    func clientErrorsNotRetried(status: Int) async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            Canned.platformError(status, code: "some.code", message: "refused")
        })
        let client = try FakeOrg.client(transport, clock: clock)
        await #expect {
            try await client.post("/api/v2/interaction/export", body: ["startDate": "x"])
        } throws: { error in
            (error as? OrgAPIError)?.status == status && (error as? OrgAPIError)?.attempts == 1
        }
        #expect(transport.apiRequests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("with retryTransient false a 503 or a dropped connection is reported at once, marked transient")
    func noTransientRetry() async throws {
        let clock = ManualClock()
        let unavailable = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            Canned.platformError(503, code: "service.unavailable", message: "busy")
        })
        do {
            _ = try await FakeOrg.client(unavailable, clock: clock).post("/api/v2/interaction/import", body: [:], retryTransient: false)
            Issue.record("a 503 succeeded")
        } catch let error as OrgAPIError {
            #expect(error.isTransient)
        }
        #expect(unavailable.apiRequests.count == 1)

        let dropped = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            throw TransportError.connectionLost(url: FakeOrg.apiBase, reason: "closed")
        })
        do {
            _ = try await FakeOrg.client(dropped, clock: clock).post("/api/v2/interaction/import", body: [:], retryTransient: false)
            Issue.record("a dropped connection succeeded")
        } catch let error as OrgClientError {
            #expect(error.isTransient)
        }
        #expect(dropped.apiRequests.count == 1)
    }

    @Test("a POST sends its body as JSON and returns the 2xx status and body")
    func postRoundTrip() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { request in
            let body = try JSONParser.parse(request.body ?? [])
            return Canned.json(202, ["id": "job-1", "echo": body])
        })
        let client = try FakeOrg.client(transport, clock: clock)
        let (status, body) = try await client.post("/api/v2/interaction/export", body: ["format": "jsonl"])
        #expect(status == 202)
        #expect(body["echo"]?["format"] == "jsonl")
        #expect(transport.apiRequests[0].request.header("Content-Type") == "application/json; charset=utf-8")
    }

    @Test("query values are percent-encoded")
    func queryEncoding() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in Canned.ok })
        _ = try await FakeOrg.client(transport, clock: clock).get("/api/v2/flows", query: [("name", "Main IVR & co"), ("type", "inboundcall")])
        #expect(transport.apiRequests[0].request.url == FakeOrg.apiBase + "/api/v2/flows?name=Main%20IVR%20%26%20co&type=inboundcall")
    }
}
