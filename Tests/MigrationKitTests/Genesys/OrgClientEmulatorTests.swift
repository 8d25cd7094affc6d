import Essentials
import MigrationKit
import OrgEmulator
import Testing

/// The client against the emulator over real loopback HTTP.
@Suite("OrgClient against the emulator")
struct OrgClientEmulatorTests {
    @Test("listAll follows every page of 150 queues, with the platform's page size and with a cap of 60")
    func paging() async throws {
        for cap in [500, 60] {
            let harness = try EmulatorHarness { $0.pageSizeCap = cap }
            defer { harness.shutdown() }
            let client = try harness.client()
            let queues = try await client.listAll("/api/v2/routing/queues")
            let ids = Set(queues.compactMap { $0["id"]?.stringValue })
            #expect(queues.count == 150, "cap \(cap)")
            #expect(ids.count == 150, "cap \(cap)")
            let summary = try await harness.summary()
            let pages = EmulatorHarness.count(summary, "requests", "byRoute", "GET /api/v2/routing/queues")
            #expect(pages == (cap == 60 ? 3 : 2), "cap \(cap)")
        }
    }

    @Test("wrap-up codes and flows page the same way, and organization() reads §4")
    func otherLists() async throws {
        let harness = try EmulatorHarness()
        defer { harness.shutdown() }
        let client = try harness.client()
        let flows = try await client.listAll("/api/v2/flows")
        let codes = try await client.listAll("/api/v2/routing/wrapupcodes")
        #expect(!flows.isEmpty && flows.allSatisfy { $0["type"]?.stringValue != nil })
        #expect(!codes.isEmpty)
        let identity = try await client.organization()
        let endpoint = try harness.orgEndpoint("source")
        #expect(identity.id == endpoint.id)
        #expect(identity.name == endpoint.name)
        #expect(identity.apiBase == endpoint.apiBase)
    }

    @Test("a token that expires in the middle of slow paging is replaced and paging completes")
    func tokenExpiryWhilePaging() async throws {
        let harness = try EmulatorHarness {
            // 5 s: room for a fully loaded machine (kill tests spawning the tool beside this one)
            // between taking a token and using it; 10 slow pages (9 s) still outlive it.
            $0.tokenLifetimeSeconds = 5
            $0.pageSizeCap = 15
        }
        defer { harness.shutdown() }
        let client = try harness.client(transport: SlowTransport(inner: URLSessionTransport(), delay: 0.9))
        let queues = try await client.listAll("/api/v2/routing/queues")
        #expect(Set(queues.compactMap { $0["id"]?.stringValue }).count == 150)
        let summary = try await harness.summary()
        let tokens = EmulatorHarness.count(summary, "requests", "byRoute", "POST /oauth/token")
        #expect(tokens >= 2, "the first token must have been replaced")
        #expect(await client.tokenFetches == tokens)
    }

    @Test("a client that cannot tell its token aged recovers through the org's 401")
    func expiryFoundBy401() async throws {
        let harness = try EmulatorHarness {
            // As above: 10 pages 0.7 s apart (7 s) outlive a 5 s token.
            $0.tokenLifetimeSeconds = 5
            $0.pageSizeCap = 15
        }
        defer { harness.shutdown() }
        let client = try harness.client(transport: SlowTransport(inner: URLSessionTransport(), delay: 0.7), clock: FrozenClock())
        let queues = try await client.listAll("/api/v2/routing/queues")
        #expect(queues.count == 150)
        let summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "rejected401") >= 1)
        #expect(EmulatorHarness.count(summary, "requests", "byRoute", "POST /oauth/token") >= 2)
    }

    @Test("bursts of 503 are survived")
    func survives503() async throws {
        let harness = try EmulatorHarness { $0.fault503Share = 0.3 }
        defer { harness.shutdown() }
        let client = try harness.client(retry: RetryPolicy(baseDelay: 0.005, maxDelay: 0.05, maxAttempts: 12))
        let queues = try await client.listAll("/api/v2/routing/queues")
        #expect(queues.count == 150)
        try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<20 { group.addTask { try await client.organization().id } }
            for try await id in group { #expect(id == (try harness.orgEndpoint("source").id)) }
        }
        let summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "injected503") > 0)
    }

    @Test("dropped connections are retried")
    func survivesDrops() async throws {
        let harness = try EmulatorHarness { $0.faultDropShare = 0.25 }
        defer { harness.shutdown() }
        let client = try harness.client(retry: RetryPolicy(baseDelay: 0.005, maxDelay: 0.05, maxAttempts: 12))
        for _ in 0..<10 { _ = try await client.organization() }
        let summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "droppedConnections") > 0)
    }

    @Test("40 requests from several tasks within 10 per 2 s all succeed, none sent before a Retry-After")
    func rateLimit() async throws {
        let harness = try EmulatorHarness {
            $0.rateLimit = 10
            $0.rateWindowSeconds = 2
        }
        defer { harness.shutdown() }
        let client = try harness.client()
        let id = try harness.orgEndpoint("source").id
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var last = ""
                    for _ in 0..<10 { last = try await client.organization().id }
                    return last
                }
            }
            for try await result in group { #expect(result == id) }
        }
        let summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "requests", "byRoute", "GET /api/v2/organizations/me") == 40)
        #expect(EmulatorHarness.count(summary, "retryAfterViolations") == 0)
        #expect(EmulatorHarness.count(summary, "rejected429") == 0, "a client that keeps up with the headers should not meet a 429 here")
    }

    @Test("bad credentials fail fast, naming the org and invalid_client, showing no secret or token")
    func badCredentials() async throws {
        let harness = try EmulatorHarness()
        defer { harness.shutdown() }
        let endpoint = try harness.orgEndpoint("source")
        let wrong = "wrong-" + endpoint.clientSecret.prefix(6)
        let client = try harness.client(secret: wrong)
        var message = ""
        do {
            _ = try await client.organization()
            Issue.record("bad credentials were accepted")
        } catch {
            message = "\(error)"
        }
        #expect(message.hasPrefix("source org:"))
        #expect(message.contains("invalid_client"))
        #expect(message.contains(endpoint.apiBase + "/oauth/token"))
        #expect(message.contains("SOURCE_CLIENT_ID/SOURCE_CLIENT_SECRET"))
        #expect(!message.contains(wrong))
        #expect(!message.contains(endpoint.clientSecret))
        #expect(!message.lowercased().contains("bearer"))
        let summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "requests", "byRoute", "POST /oauth/token") == 1, "no retry loop")
        #expect(EmulatorHarness.count(summary, "requests", "total") == 0, "no API call without a token")
    }

    @Test("an export downloaded from the storage origin carries no bearer token")
    func downloadWithoutToken() async throws {
        let harness = try EmulatorHarness(records: 120, days: 2)
        defer { harness.shutdown() }
        let client = try harness.client()
        let (status, created) = try await client.post("/api/v2/interaction/export", body: [
            "startDate": "2024-01-15T00:00:00.000Z", "endDate": "2024-01-17T00:00:00.000Z", "schemaVersion": "v2.1",
            "includeTranscripts": false, "includeMedia": false, "format": "jsonl",
        ])
        #expect(status == 202)
        let jobId = try #require(created["id"]?.stringValue)
        var job: JSONValue = .null
        for _ in 0..<200 {
            job = try await client.get("/api/v2/interaction/export/\(jobId)")
            if job["status"]?.stringValue == "completed" { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        #expect(job["status"]?.stringValue == "completed")
        let url = try #require(job["downloadUrl"]?.stringValue)
        #expect(url.hasPrefix(harness.emulator.storageBase))
        let downloaded = try await client.download(url: url)
        let lines = downloaded.body.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == Int(job["recordCount"]?.intValue ?? -1))
        #expect(lines.count > 0)
        for line in lines { #expect(try JSONParser.parse(line)["id"]?.stringValue != nil) }
        let summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "storage", "requests") >= 1)
        #expect(EmulatorHarness.count(summary, "storage", "requestsWithAuthorization") == 0)
    }

    @Test("the source and destination are told apart, and an org paired with itself is refused")
    func sameOrg() async throws {
        let harness = try EmulatorHarness()
        defer { harness.shutdown() }
        let source = try await harness.client("source").organization()
        let destination = try await harness.client("destination").organization()
        try OrgPair.check(source: source, destination: destination)
        let again = try await harness.client("source").organization()
        do {
            try OrgPair.check(source: source, destination: again)
            Issue.record("the same org was accepted as its own destination")
        } catch {
            #expect(error.description.contains("same org"))
            #expect(error.description.contains(source.name))
        }
    }

    @Test("each org gets its own token: the source's never reaches the destination")
    func tokensPerOrg() async throws {
        let harness = try EmulatorHarness()
        defer { harness.shutdown() }
        let source = try harness.client("source")
        let destination = try harness.client("destination")
        _ = try await source.organization()
        _ = try await destination.organization()
        for label in ["source", "destination"] {
            let summary = try await harness.summary(label)
            #expect(EmulatorHarness.count(summary, "rejected401") == 0, "\(label)")
            #expect(EmulatorHarness.count(summary, "requests", "byRoute", "POST /oauth/token") == 1, "\(label)")
        }
    }
}
