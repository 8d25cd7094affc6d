import Essentials
import Foundation
import OrgEmulator
import Testing

@Suite("Emulator contract: evidence of client hygiene in /emulator/summary")
struct HygieneContractTests {
    let client = ContractClient()

    @Test("the storage origin counts downloads that carried an Authorization header, and the summary shows it")
    func storageAuthorization() async throws {
        let emulator = try EmulatorFixture.start(records: 20)
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let (job, clean) = try await JobsContractTests().export(source, token: token)
        #expect(clean.status == 200)
        let url = try #require(job["downloadUrl"]?.stringValue)
        let leaked = try await client.send("GET", url, headers: ["Authorization": "Bearer \(token)"])
        #expect(leaked.status == 200)
        _ = try await client.send("GET", url, headers: ["Authorization": "Basic eDp5"])
        let summary = try await client.json("GET", source.apiBase + "/emulator/summary", token: nil)
        #expect(summary.json?["storage"]?["requests"] == .int(3))
        #expect(summary.json?["storage"]?["requestsWithAuthorization"] == .int(2))
        // The origin is shared: the other org's summary shows the same counts.
        let destination = try #require(emulator.endpoint("destination"))
        let other = try await client.json("GET", destination.apiBase + "/emulator/summary", token: nil)
        #expect(other.json?["storage"]?["requestsWithAuthorization"] == .int(2))
    }

    /// Sends `GET /api/v2/organizations/me` until one is refused with 429, and returns that reply.
    func overBudget(_ endpoint: Emulator.OrgEndpoint, token: String) async throws -> ContractClient.Reply {
        for _ in 0..<50 {
            let reply = try await client.json("GET", endpoint.apiBase + "/api/v2/organizations/me", token: token)
            if reply.status == 429 { return reply }
        }
        throw ContractFailure("no 429 after 50 requests")
    }

    func summary(_ endpoint: Emulator.OrgEndpoint) async throws -> JSONValue {
        try #require(try await client.json("GET", endpoint.apiBase + "/emulator/summary", token: nil).json)
    }

    @Test("a request sent after Retry-After has elapsed is not counted as a violation")
    func patientClient() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.rateLimit = 2; $0.rateWindowSeconds = 1 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let refused = try await overBudget(source, token: token)
        let retry = try #require(Int(refused.header("Retry-After") ?? ""))
        try await Task.sleep(nanoseconds: UInt64(retry) * 1_000_000_000 + 100_000_000)
        let patient = try await client.json("GET", source.apiBase + "/api/v2/organizations/me", token: token)
        #expect(patient.status == 200)
        let after = try await summary(source)
        #expect(after["rejected429"] == .int(1))
        #expect(after["retryAfterViolations"] == .int(0))
    }

    @Test("every request inside an announced Retry-After counts as a violation, per org")
    func impatientClient() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.rateLimit = 2; $0.rateWindowSeconds = 30 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let refused = try await overBudget(source, token: token)
        #expect(Int(refused.header("Retry-After") ?? "") ?? 0 >= 1)
        for _ in 0..<3 { _ = try await client.json("GET", source.apiBase + "/api/v2/routing/queues", token: token) }
        let after = try await summary(source)
        #expect(after["rejected429"] == .int(4))
        #expect(after["retryAfterViolations"] == .int(3))
        let destination = try #require(emulator.endpoint("destination"))
        #expect(try await summary(destination)["retryAfterViolations"] == .int(0))
    }
}
