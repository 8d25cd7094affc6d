import Essentials
import MigrationKit
import OrgEmulator
import Testing

@Suite("OrgClient: streamed downloads (contract §7.2)")
struct OrgClientStreamingDownloadTests {
    // MARK: - Over the in-memory fake

    @Test("the default stream hands a fake's body over in one chunk; only the API origin gets the token")
    func defaultStream() async throws {
        let clock = ManualClock()
        let body = Array("{\"id\":\"a\"}\n{\"id\":\"b\"}\n".utf8)
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            TransportResponse(status: 200, headers: [("Content-Type", "application/x-ndjson")], body: body)
        })
        let client = try FakeOrg.client(transport, clock: clock)

        let log = ChunkLog()
        let head = try await client.download(url: "https://storage.example.test/exports/abc?sig=1") { log.take($0) }
        #expect(log.sizes == [body.count])
        #expect(log.bytes == body)
        #expect(head.status == 200)
        #expect(head.contentType == "application/x-ndjson")
        #expect(head.bytes == body.count)
        #expect(transport.tokenRequests.isEmpty, "no token is even fetched for another origin")

        let same = ChunkLog()
        _ = try await client.download(url: "https://api.example.test/downloads/x") { same.take($0) }
        #expect(same.bytes == body)
        #expect(transport.apiRequests.map { $0.request.header("Authorization") } == [nil, "Bearer tok1"])
    }

    @Test("an expired URL is an OrgAPIError marked expired, no chunk is handed over, and it is not retried")
    func expiredFake() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            TransportResponse(status: 410, headers: [("Content-Type", "application/xml")], body: Array("<Error/>".utf8))
        })
        let client = try FakeOrg.client(transport, clock: clock)
        let log = ChunkLog()
        do {
            _ = try await client.download(url: "https://storage.example.test/exports/abc?X-Signature=topsecret") { log.take($0) }
            Issue.record("an expired download succeeded")
        } catch let error as OrgAPIError {
            #expect(error.isExpiredDownload)
            #expect(error.path == "https://storage.example.test/exports/abc")
            #expect(!error.description.contains("topsecret"))
        }
        #expect(log.count == 0)
        #expect(transport.sent.count == 1)
    }

    @Test("a 503 before the body is retried, and the body is handed over once")
    func retriedBeforeBody() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            calls.next() == 1 ? TransportResponse(status: 503, body: Array("busy".utf8)) : TransportResponse(status: 200, body: [7, 8, 9])
        })
        let client = try FakeOrg.client(transport, clock: clock)
        let log = ChunkLog()
        let head = try await client.download(url: "https://storage.example.test/exports/abc") { log.take($0) }
        #expect(log.bytes == [7, 8, 9])
        #expect(head.bytes == 3)
        #expect(transport.sent.count == 2)
    }

    @Test("a dropped connection before any byte is retried")
    func droppedBeforeBody() async throws {
        let dropped = TransportError.connectionLost(url: "https://storage.example.test/exports/abc", reason: "reset")
        let transport = ScriptedStreamTransport([.fail(bytes: [], dropped), .answer(TransportResponse(status: 200, body: [1, 2]))])
        let client = OrgClient(label: "source", endpoint: try OrgEndpoint(apiBase: FakeOrg.apiBase),
                               credentials: OrgCredentials(clientId: FakeOrg.clientId, clientSecret: Secret(FakeOrg.secret)),
                               transport: transport, clock: ManualClock(), random: { 0.5 })
        let log = ChunkLog()
        let head = try await client.download(url: "https://storage.example.test/exports/abc") { log.take($0) }
        #expect(log.bytes == [1, 2])
        #expect(head.bytes == 2)
        #expect(transport.streamed.count == 2)
    }

    @Test("a connection dropped after bytes were handed over is thrown, not retried")
    func droppedMidBody() async throws {
        let dropped = TransportError.connectionLost(url: "https://storage.example.test/exports/abc", reason: "reset")
        let transport = ScriptedStreamTransport([.fail(bytes: [1, 2, 3], dropped), .answer(TransportResponse(status: 200, body: [1, 2, 3, 4]))])
        let client = OrgClient(label: "source", endpoint: try OrgEndpoint(apiBase: FakeOrg.apiBase),
                               credentials: OrgCredentials(clientId: FakeOrg.clientId, clientSecret: Secret(FakeOrg.secret)),
                               transport: transport, clock: ManualClock(), random: { 0.5 })
        let log = ChunkLog()
        do {
            _ = try await client.download(url: "https://storage.example.test/exports/abc?sig=1") { log.take($0) }
            Issue.record("a download that broke off was taken as whole")
        } catch let error as OrgClientError {
            guard case .unreachable(_, _, let path, let attempts, let failure) = error else {
                Issue.record("expected unreachable, got \(error)")
                return
            }
            #expect(path == "https://storage.example.test/exports/abc")
            #expect(attempts == 1)
            #expect(failure == dropped)
            #expect(error.isTransient, "the caller may start again with a fresh file")
        }
        #expect(log.bytes == [1, 2, 3])
        #expect(transport.streamed.count == 1)
    }

    // MARK: - Against the emulator, over real sockets

    /// Creates a jsonl export of the harness's whole content and waits for its download URL.
    static func completedExport(_ client: OrgClient) async throws -> (url: String, records: Int) {
        let (status, created) = try await client.post("/api/v2/interaction/export", body: [
            "startDate": "2024-01-15T00:00:00.000Z", "endDate": "2024-01-18T00:00:00.000Z", "schemaVersion": "v2.1",
            "includeTranscripts": true, "includeMedia": false, "format": "jsonl",
        ])
        #expect(status == 202)
        let jobId = try #require(created["id"]?.stringValue)
        for _ in 0..<500 {
            let job = try await client.get("/api/v2/interaction/export/\(jobId)")
            if job["status"]?.stringValue == "completed" {
                return (try #require(job["downloadUrl"]?.stringValue), Int(try #require(job["recordCount"]?.intValue)))
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw HarnessFailure("export job \(jobId) did not complete")
    }

    @Test("chunks arrive in order and make exactly the in-memory download; storage sees no token")
    func sameAsInMemory() async throws {
        let harness = try EmulatorHarness(records: 3000)
        defer { harness.shutdown() }
        let client = try harness.client()
        let (url, records) = try await Self.completedExport(client)
        #expect(url.hasPrefix(harness.emulator.storageBase))

        let log = ChunkLog()
        let head = try await client.download(url: url) { log.take($0) }
        let whole = try await client.download(url: url)
        #expect(log.bytes == whole.body)
        #expect(log.count > 1, "a body of \(whole.body.count) bytes came in one chunk")
        #expect(head.bytes == whole.body.count)
        #expect(head.status == 200)
        #expect(head.contentType == "application/x-ndjson")
        #expect(log.bytes.split(separator: UInt8(ascii: "\n")).count == records)
        let summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "storage", "requests") == 2)
        #expect(EmulatorHarness.count(summary, "storage", "requestsWithAuthorization") == 0)
    }

    @Test("an expired URL is isExpiredDownload, and no chunk was handed over")
    func expired() async throws {
        let harness = try EmulatorHarness(records: 200) { $0.downloadURLLifetimeSeconds = 0.05 }
        defer { harness.shutdown() }
        let client = try harness.client()
        let (url, _) = try await Self.completedExport(client)
        // Outlives the URL; not a timing assertion.
        try await Task.sleep(nanoseconds: 300_000_000)
        let log = ChunkLog()
        do {
            _ = try await client.download(url: url) { log.take($0) }
            Issue.record("an expired URL was downloaded")
        } catch let error as OrgAPIError {
            #expect(error.isExpiredDownload, "\(error)")
            #expect(error.status == 403)
            #expect(error.attempts == 1)
        }
        #expect(log.count == 0)
    }

    @Test("a truncated download is an error once bytes were handed over, never a short body, and is not retried")
    func truncated() async throws {
        let harness = try EmulatorHarness(records: 3000) { $0.faultTruncateShare = 1 }
        defer { harness.shutdown() }
        let client = try harness.client()
        let (url, _) = try await Self.completedExport(client)
        let log = ChunkLog()
        do {
            let head = try await client.download(url: url) { log.take($0) }
            Issue.record("a truncated download was taken as whole: \(head.bytes) bytes")
        } catch let error as OrgClientError {
            guard case .unreachable(_, _, _, let attempts, let failure) = error else {
                Issue.record("expected unreachable, got \(error)")
                return
            }
            #expect(attempts == 1)
            guard case .connectionLost = failure else {
                Issue.record("expected connectionLost, got \(failure)")
                return
            }
            #expect(!error.description.contains("?"), "no query in \(error)")
        }
        #expect(log.total > 0)
        var summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "storage", "truncatedDownloads") == 1)
        #expect(EmulatorHarness.count(summary, "storage", "requests") == 1, "not retried after bytes were handed over")

        // The cut was the network's: the caller starts again, from scratch, and gets it all.
        let again = ChunkLog()
        let head = try await client.download(url: url) { again.take($0) }
        #expect(again.total == head.bytes)
        #expect(log.total < head.bytes)
        #expect(Array(again.bytes.prefix(log.total)) == log.bytes, "the cut-short attempt was a prefix")
        summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "storage", "requests") == 2)
    }

    @Test("a consumer that throws cancels the download, and its error comes back unretried")
    func consumerThrows() async throws {
        let harness = try EmulatorHarness(records: 3000)
        defer { harness.shutdown() }
        let client = try harness.client()
        let (url, _) = try await Self.completedExport(client)
        let log = ChunkLog()
        do {
            _ = try await client.download(url: url) { chunk in
                log.take(chunk)
                log.markFailed()
                throw ConsumerStop(after: log.count)
            }
            Issue.record("the consumer's error was lost")
        } catch let error as ConsumerStop {
            #expect(error == ConsumerStop(after: 1))
        }
        #expect(log.count == 1)
        #expect(log.callsAfterFailure == 0)
        let summary = try await harness.summary()
        #expect(EmulatorHarness.count(summary, "storage", "requests") == 1)
    }
}
