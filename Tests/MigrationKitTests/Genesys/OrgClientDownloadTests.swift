import Essentials
import MigrationKit
import Testing

@Suite("OrgClient: downloads and the bearer-token origin rule (contract §2, §7.2)")
struct OrgClientDownloadTests {
    @Test("a URL on another origin gets no Authorization header and no pacing")
    func otherOrigin() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            TransportResponse(status: 200, headers: [("Content-Type", "application/x-ndjson")], body: Array("{}\n".utf8))
        })
        let client = try FakeOrg.client(transport, clock: clock)
        let urls = ["https://storage.example.test/exports/abc?sig=1", "https://api.example.test:8443/exports/abc",
                    "https://api.example.test.evil.test/exports/abc", "http://127.0.0.1:9/exports/abc"]
        for url in urls {
            let downloaded = try await client.download(url: url)
            #expect(downloaded.body == Array("{}\n".utf8))
        }
        #expect(transport.tokenRequests.isEmpty, "no token is even fetched for other origins")
        #expect(transport.sent.allSatisfy { $0.request.header("Authorization") == nil })
    }

    @Test("a URL on the API base's origin is authorized")
    func sameOrigin() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in TransportResponse(status: 200, body: [1, 2, 3]) })
        let client = try FakeOrg.client(transport, clock: clock)
        let downloaded = try await client.download(url: "https://API.example.test:443/downloads/x?y=1")
        #expect(downloaded.body == [1, 2, 3])
        #expect(transport.apiRequests[0].request.header("Authorization") == "Bearer tok1")
    }

    @Test("plain http to a remote host is refused before any request, without showing the signature")
    func insecureDownload() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in Canned.ok })
        let client = try FakeOrg.client(transport, clock: clock)
        do {
            _ = try await client.download(url: "http://storage.example.test/exports/abc?X-Signature=topsecret")
            Issue.record("an http download to a remote host was sent")
        } catch let error as OrgClientError {
            #expect(error.description.contains("http://storage.example.test/exports/abc"))
            #expect(!error.description.contains("topsecret"))
        }
        #expect(transport.sent.isEmpty)
    }

    @Test("an expired URL is an OrgAPIError marked expired, without the signature")
    func expired() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            TransportResponse(status: 403, headers: [("Content-Type", "application/xml")], body: Array("<Error/>".utf8))
        })
        let client = try FakeOrg.client(transport, clock: clock)
        do {
            _ = try await client.download(url: "https://storage.example.test/exports/abc?X-Signature=topsecret")
            Issue.record("an expired download succeeded")
        } catch let error as OrgAPIError {
            #expect(error.isExpiredDownload)
            #expect(!error.description.contains("topsecret"))
            #expect(error.path == "https://storage.example.test/exports/abc")
        }
        #expect(transport.sent.count == 1, "a 403 is not retried")
    }
}
