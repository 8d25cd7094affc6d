import Essentials
import Foundation
import OrgEmulator
import Testing

@Suite("Emulator contract: real-org mode (no interaction export or import, §9)")
struct RealOrgModeContractTests {
    let client = ContractClient()

    @Test("with servesInteractionExport off every interaction export and import path is a §3.1 404", arguments: [
        ("GET", "/api/v2/interaction/export/schemas"),
        ("POST", "/api/v2/interaction/export"),
        ("GET", "/api/v2/interaction/export/00000000-0000-0000-0000-000000000000"),
        ("POST", "/api/v2/interaction/import"),
        ("GET", "/api/v2/interaction/import/00000000-0000-0000-0000-000000000000"),
    ])
    func notServed(_ method: String, _ path: String) async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.servesInteractionExport = false }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let body: JSONValue? = method == "POST" ? ["startDate": "2024-01-15T00:00:00.000Z", "endDate": "2024-01-16T00:00:00.000Z"] : nil
        let reply = try await client.json(method, source.apiBase + path, token: token, body)
        #expect(reply.status == 404)
        let json = try #require(reply.json)
        #expect(json["status"] == .int(404))
        #expect(json["code"] == "not.found")
        #expect(json["message"]?.stringValue?.contains(path) == true)
        #expect(reply.header("ININ-Correlation-Id") != nil)
        #expect(reply.header("inin-ratelimit-allowed") != nil)
    }

    @Test("in real-org mode the platform endpoints and analytics jobs still answer")
    func platformStillServed() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.servesInteractionExport = false }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let me = try await client.json("GET", source.apiBase + "/api/v2/organizations/me", token: token)
        #expect(me.status == 200)
        let job = try await client.json("POST", source.apiBase + "/api/v2/analytics/conversations/details/jobs", token: token,
                                        ["interval": "2024-01-15T00:00:00.000Z/2024-01-18T00:00:00.000Z"])
        #expect(job.status == 202)
        let availability = try await client.json("GET", source.apiBase + "/api/v2/analytics/conversations/details/jobs/availability", token: token)
        #expect(availability.status == 200)
    }

    @Test("by default the org serves interaction export schemas")
    func servedByDefault() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let reply = try await client.json("GET", source.apiBase + "/api/v2/interaction/export/schemas", token: try await client.accessToken(source))
        #expect(reply.status == 200)
    }
}
