import Essentials
import Foundation
import OrgEmulator
import Testing

@Suite("Emulator fault knobs")
struct FaultContractTests {
    let client = ContractClient()

    @Test("a 503 share answers 503 with a §3.1 body; tokens are still issued")
    func serviceUnavailable() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.fault503Share = 1 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let reply = try await client.json("GET", source.apiBase + "/api/v2/organizations/me", token: token)
        #expect(reply.status == 503)
        #expect(reply.json?["status"] == .int(503))
        #expect(reply.header("inin-ratelimit-allowed") != nil)
    }

    @Test("a drop share closes the connection without an answer")
    func dropped() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.faultDropShare = 1 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        await #expect(throws: (any Error).self) {
            _ = try await client.json("GET", source.apiBase + "/api/v2/organizations/me", token: token)
        }
        let summary = try await client.json("GET", source.apiBase + "/emulator/summary", token: nil)
        #expect((summary.json?["droppedConnections"]?.intValue ?? 0) >= 1)
    }

    @Test("a truncate share cuts a download short once; the next URL is whole")
    func truncated() async throws {
        let emulator = try EmulatorFixture.start(records: 50) { $0.faultTruncateShare = 1 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let created = try await client.json("POST", source.apiBase + "/api/v2/interaction/export", token: token,
                                            ["startDate": "2024-01-15T00:00:00.000Z", "endDate": "2024-01-18T00:00:00.000Z", "format": "jsonl"])
        let id = try #require(created.json?["id"]?.stringValue)
        let job = try await client.poll(source.apiBase + "/api/v2/interaction/export/\(id)", token: token) { $0.json?["status"] == "completed" }
        let url = try #require(job.json?["downloadUrl"]?.stringValue)
        // URLSession reports a body shorter than its Content-Length as an error, or hands back fewer bytes.
        var short = true
        if let reply = try? await client.send("GET", url) {
            short = reply.body.split(separator: UInt8(ascii: "\n")).count < 50
        }
        #expect(short)
        let again = try await client.send("GET", url)
        #expect(again.body.split(separator: UInt8(ascii: "\n")).count == 50)
        let summary = try await client.json("GET", source.apiBase + "/emulator/summary", token: nil)
        #expect(summary.json?["storage"]?["truncatedDownloads"] == .int(1))
    }

    @Test("a 429 storm refuses every API call with Retry-After while it lasts")
    func storm() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.stormEverySeconds = 4 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        var sawStorm = false
        var sawCalm = false
        // Storms of 2 s every 4 s: about half the calls fall in one. A test pool starved by the
        // heavier suites may answer a call in many seconds, so the bound is against a hang only.
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline && !(sawStorm && sawCalm) {
            let reply = try await client.json("GET", source.apiBase + "/api/v2/organizations/me", token: token)
            if reply.status == 429 {
                sawStorm = true
                #expect(Int(reply.header("Retry-After") ?? "") ?? 0 >= 1)
            } else {
                #expect(reply.status == 200)
                sawCalm = true
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        #expect(sawStorm && sawCalm)
    }
}
