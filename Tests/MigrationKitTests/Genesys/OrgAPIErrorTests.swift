import Essentials
import MigrationKit
import Testing

@Suite("OrgAPIError and OrgClientError descriptions (contract §3.1)")
struct OrgAPIErrorTests {
    @Test("a platform error names the org, request, status, code, message and correlation id")
    func platformError() {
        let response = Canned.platformError(403, code: "missing.permissions", message: "You are missing permissions")
        let error = OrgAPIError(org: "source", method: "GET", path: "/api/v2/routing/queues", response: response)
        #expect(error.description.hasPrefix(
            "source org: GET /api/v2/routing/queues failed with 403 (missing.permissions): You are missing permissions; correlation id \(Canned.correlationId)"))
        #expect(error.description.contains("permission"))
        #expect(error.code == "missing.permissions")
        #expect(error.correlationId == Canned.correlationId)
        #expect(!error.isTransient)
    }

    @Test("the correlation id header is found in any case")
    func headerCase() {
        let response = TransportResponse(status: 404, headers: [("inin-correlation-id", "abc-123")], body: Array("{}".utf8))
        let error = OrgAPIError(org: "destination", method: "GET", path: "/api/v2/x", response: response)
        #expect(error.correlationId == "abc-123")
        #expect(error.description.contains("correlation id abc-123"))
    }

    @Test("every body field may be missing")
    func missingFields() {
        let response = TransportResponse(status: 404, headers: [], body: Array("{}".utf8))
        let error = OrgAPIError(org: "source", method: "GET", path: "/api/v2/flows", response: response)
        #expect(error.code == nil && error.message == nil && error.errors.isEmpty)
        #expect(error.description.hasPrefix("source org: GET /api/v2/flows failed with 404; correlation id none"))
        let empty = OrgAPIError(org: "source", method: "GET", path: "/api/v2/flows", response: TransportResponse(status: 500))
        #expect(empty.description.contains("failed with 500: the answer was not JSON"))
    }

    @Test("a gateway's HTML page is reported as not JSON")
    func htmlBody() {
        let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
        let response = TransportResponse(status: 502, headers: [("Content-Type", "text/html")], body: Array(html.utf8))
        let error = OrgAPIError(org: "source", method: "POST", path: "/api/v2/interaction/export", response: response, attempts: 8)
        #expect(!error.bodyIsJSON)
        #expect(error.description.contains("not JSON (text/html)"))
        #expect(error.description.contains("gateway or proxy"))
        #expect(error.description.contains("after 8 attempts"))
        #expect(error.isTransient)
        #expect(!error.description.contains("<html>"))
    }

    @Test("an import's errors array is kept for the caller")
    func errorsKept() {
        let response = Canned.json(400, ["code": "IMMUTABLE_FIELD", "message": "immutable",
                                         "errors": [["code": "IMMUTABLE_FIELD", "recordIndex": 12, "field": "id"]]])
        let error = OrgAPIError(org: "destination", method: "POST", path: "/api/v2/interaction/import", response: response)
        #expect(error.errors.count == 1)
        #expect(error.errors[0]["recordIndex"] == 12)
    }

    @Test("an expired download says to get the job again", arguments: [403, 410])
    func expiredDownload(status: Int) {
        let response = TransportResponse(status: status, headers: [("Content-Type", "application/xml")],
                                         body: Array("<Error><Code>AccessDenied</Code></Error>".utf8))
        let error = OrgAPIError(org: "source", method: "GET", path: "https://storage.example.test/exports/x", response: response,
                                isDownload: true)
        #expect(error.isExpiredDownload)
        #expect(error.description.contains("fresh URL"))
    }

    @Test("errors on the same answer through the client never show the token")
    func noTokenInErrors() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in
            Canned.platformError(400, code: "bad.request", message: "nope")
        })
        do {
            _ = try await FakeOrg.client(transport, clock: clock).get("/api/v2/routing/queues", query: [("pageSize", "100")])
            Issue.record("a 400 succeeded")
        } catch {
            #expect("\(error)".contains("GET /api/v2/routing/queues?pageSize=100 failed with 400 (bad.request): nope"))
            #expect(!"\(error)".contains("tok1"))
            #expect(!"\(error)".contains(FakeOrg.secret))
        }
    }

    @Test("same-org refusal names the org")
    func sameOrg() throws {
        let source = OrgIdentity(id: "3f1c2a9e-5b7d-4c1e-9f0a-1b2c3d4e5f60", name: "Acme Prod", apiBase: "https://api.mypurecloud.com")
        let again = OrgIdentity(id: source.id.uppercased(), name: "Acme Prod", apiBase: "https://api.mypurecloud.com/")
        #expect(throws: OrgPairError.sameOrg(source: source, destination: again)) {
            try OrgPair.check(source: source, destination: again)
        }
        let text = OrgPairError.sameOrg(source: source, destination: again).description
        #expect(text.contains("same org"))
        #expect(text.contains("Acme Prod"))
        #expect(text.contains(source.id))
        let other = OrgIdentity(id: "9a8b7c6d-0000-4000-8000-000000000001", name: "Acme EU", apiBase: "https://api.mypurecloud.ie")
        try OrgPair.check(source: source, destination: other)
    }
}
