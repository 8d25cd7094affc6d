import Essentials
import MigrationKit
import Testing

@Suite("OrgClient: OAuth client credentials (contract §2)")
struct OrgClientAuthTests {
    @Test("the token request is contract §2's, and one token serves many calls")
    func tokenRequestAndCache() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in Canned.ok })
        let client = try FakeOrg.client(transport, clock: clock)
        for _ in 0..<3 { _ = try await client.get("/api/v2/organizations/me") }

        let tokenRequests = transport.tokenRequests
        try #require(tokenRequests.count == 1)
        let token = tokenRequests[0].request
        #expect(token.method == "POST")
        #expect(token.header("authorization") == "Basic " + Base64.encode(Array("\(FakeOrg.clientId):\(FakeOrg.secret)".utf8)))
        #expect(token.header("content-type") == "application/x-www-form-urlencoded")
        #expect(token.body.map { String(decoding: $0, as: UTF8.self) } == "grant_type=client_credentials")
        let api = transport.apiRequests
        #expect(api.count == 3)
        #expect(api.allSatisfy { $0.request.header("Authorization") == "Bearer tok1" })
        #expect(api.allSatisfy { $0.request.url == FakeOrg.apiBase + "/api/v2/organizations/me" })
    }

    @Test("a token is refreshed once 80 % of its lifetime has passed, not before")
    func refreshAtEightyPercent() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler(expiresIn: 100) { _ in Canned.ok })
        let client = try FakeOrg.client(transport, clock: clock)
        _ = try await client.get("/api/v2/organizations/me")
        clock.advance(by: 79)
        _ = try await client.get("/api/v2/organizations/me")
        #expect(transport.tokenRequests.count == 1)
        clock.advance(by: 2)
        _ = try await client.get("/api/v2/organizations/me")
        #expect(transport.tokenRequests.count == 2)
        #expect(transport.apiRequests.map { $0.request.header("Authorization") } == ["Bearer tok1", "Bearer tok1", "Bearer tok2"])
    }

    @Test("a 401 leads to one fresh token and one retry of the call")
    func refreshOn401() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { request in
            request.header("Authorization") == "Bearer tok1"
                ? Canned.platformError(401, code: "authentication.required", message: "token expired")
                : Canned.json(200, ["id": "org-1"])
        })
        let client = try FakeOrg.client(transport, clock: clock)
        let body = try await client.get("/api/v2/organizations/me")
        #expect(body["id"]?.stringValue == "org-1")
        #expect(transport.tokenRequests.count == 2)
        #expect(transport.apiRequests.map { $0.request.header("Authorization") } == ["Bearer tok1", "Bearer tok2"])
        #expect(clock.sleeps.isEmpty, "the refresh is immediate")
    }

    @Test("a second 401 in a row is reported, after exactly one refresh")
    func second401() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            Canned.platformError(401, code: "authentication.required", message: "Authentication failed")
        })
        let client = try FakeOrg.client(transport, clock: clock)
        await #expect {
            try await client.get("/api/v2/routing/queues")
        } throws: { error in
            guard let error = error as? OrgAPIError else { return false }
            return error.status == 401 && error.code == "authentication.required" && error.attempts == 2
        }
        #expect(transport.tokenRequests.count == 2)
        #expect(transport.apiRequests.count == 2)
    }

    @Test("bad credentials fail at once, name the org, the endpoint and the code, and are not retried", arguments: [400, 401])
    func badCredentials(status: Int) async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock) { request in
            request.url == FakeOrg.tokenURL
                ? Canned.json(status, ["error": "invalid_client", "description": "client not found", "error_description": "client not found"])
                : Canned.ok
        }
        let client = try FakeOrg.client(transport, clock: clock)
        var message = ""
        do {
            _ = try await client.get("/api/v2/organizations/me")
            Issue.record("bad credentials were accepted")
        } catch let error as OrgClientError {
            guard case .invalidCredentials(let org, let url, let code, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(org == "source")
            #expect(url == FakeOrg.tokenURL)
            #expect(code == "invalid_client")
            message = error.description
        }
        #expect(message.contains("source org"))
        #expect(message.contains(FakeOrg.tokenURL))
        #expect(message.contains("invalid_client"))
        #expect(message.contains("SOURCE_CLIENT_ID/SOURCE_CLIENT_SECRET"))
        #expect(!message.contains(FakeOrg.secret))
        #expect(transport.sent.count == 1)
        #expect(clock.sleeps.isEmpty)

        // The client is now known to be unusable: later calls fail without asking again.
        await #expect(throws: OrgClientError.self) { try await client.get("/api/v2/organizations/me") }
        #expect(transport.sent.count == 1)
    }

    @Test("a destination client names the DEST_ variables")
    func destinationVariables() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock) { _ in Canned.invalidClient }
        let client = try FakeOrg.client(transport, clock: clock, label: "destination")
        do {
            _ = try await client.organization()
            Issue.record("bad credentials were accepted")
        } catch {
            #expect("\(error)".contains("DEST_CLIENT_ID/DEST_CLIENT_SECRET"))
            #expect("\(error)".hasPrefix("destination org:"))
        }
    }

    @Test("concurrent callers share one token fetch")
    func sharedFetch() async throws {
        let tokens = Counter()
        let transport = FakeTransport { request in
            if request.url == FakeOrg.tokenURL {
                try await Task.sleep(nanoseconds: 100_000_000)
                return Canned.token("tok\(tokens.next())")
            }
            return Canned.ok
        }
        let client = try FakeOrg.client(transport, clock: SystemClock())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 { group.addTask { _ = try await client.get("/api/v2/routing/queues") } }
            try await group.waitForAll()
        }
        #expect(tokens.current == 1)
        #expect(transport.apiRequests.count == 12)
        #expect(await client.tokenFetches == 1)
    }

    @Test("a token endpoint that fails transiently is retried; an answer without a token is an error")
    func tokenEndpointFailures() async throws {
        let clock = ManualClock()
        let attempts = Counter()
        let transport = FakeTransport(clock: clock) { request in
            if request.url == FakeOrg.tokenURL {
                return attempts.next() < 3 ? Canned.platformError(503, code: "service.unavailable", message: "busy") : Canned.token("tok")
            }
            return Canned.ok
        }
        let client = try FakeOrg.client(transport, clock: clock)
        _ = try await client.get("/api/v2/organizations/me")
        #expect(transport.tokenRequests.count == 3)

        let empty = FakeTransport(clock: clock) { _ in Canned.json(200, ["token_type": "bearer"]) }
        await #expect {
            try await FakeOrg.client(empty, clock: clock).get("/api/v2/organizations/me")
        } throws: { error in
            guard case .malformedToken = error as? OrgClientError else { return false }
            return true
        }
    }
}
