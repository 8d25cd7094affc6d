import Essentials
import Foundation
import OrgEmulator
import Testing

@Suite("Emulator contract: failed export and analytics jobs (failExportJobsShare)")
struct FailedJobContractTests {
    let client = ContractClient()
    static let exportWindow: JSONValue = ["startDate": "2024-01-15T00:00:00.000Z", "endDate": "2024-01-18T00:00:00.000Z", "format": "jsonl"]
    static let jobsURL = "/api/v2/analytics/conversations/details/jobs"

    /// Submits an export job and polls it until it ends; returns the final job body.
    func finishedExport(_ endpoint: Emulator.OrgEndpoint, token: String) async throws -> JSONValue {
        let created = try await client.json("POST", endpoint.apiBase + "/api/v2/interaction/export", token: token, Self.exportWindow)
        #expect(created.status == 202)
        let id = try #require(created.json?["id"]?.stringValue)
        let done = try await client.poll(endpoint.apiBase + "/api/v2/interaction/export/\(id)", token: token) {
            $0.json?["status"] == "completed" || $0.json?["status"] == "failed"
        }
        return try #require(done.json)
    }

    @Test("with a share of 1 an export job ends failed with an error code and message, and no download")
    func exportFails() async throws {
        let emulator = try EmulatorFixture.start(records: 20) { $0.failExportJobsShare = 1 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let job = try await finishedExport(source, token: try await client.accessToken(source))
        #expect(job["status"] == "failed")
        #expect(job["error"]?["code"]?.stringValue?.isEmpty == false)
        #expect(job["error"]?["message"]?.stringValue?.isEmpty == false)
        #expect(job["downloadUrl"] == nil)
        #expect(job["recordCount"] == nil)
    }

    @Test("with a share of 1 an analytics job ends FAILED with an errorMessage, and its results are refused")
    func analyticsFails() async throws {
        let emulator = try EmulatorFixture.start(records: 20) { $0.failExportJobsShare = 1 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let created = try await client.json("POST", source.apiBase + Self.jobsURL, token: token,
                                            ["interval": "2024-01-15T00:00:00.000Z/2024-01-18T00:00:00.000Z"])
        let id = try #require(created.json?["jobId"]?.stringValue)
        let done = try await client.poll(source.apiBase + Self.jobsURL + "/\(id)", token: token) {
            $0.json?["state"] == "FULFILLED" || $0.json?["state"] == "FAILED"
        }
        #expect(done.json?["state"] == "FAILED")
        #expect(done.json?["errorMessage"]?.stringValue?.isEmpty == false)
        let results = try await client.json("GET", source.apiBase + Self.jobsURL + "/\(id)/results", token: token)
        #expect(results.status == 400)
        #expect(results.json?["status"] == .int(400))
    }

    /// The outcomes of `count` export jobs on a fresh emulator with a share of one half.
    func outcomes(count: Int) async throws -> [String] {
        let emulator = try EmulatorFixture.start(records: 20) { $0.failExportJobsShare = 0.5 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        var outcomes: [String] = []
        for _ in 0..<count {
            outcomes.append(try await finishedExport(source, token: token)["status"]?.stringValue ?? "?")
        }
        return outcomes
    }

    @Test("which jobs fail is drawn from the org's seed: two runs agree, and a half share fails some jobs but not all")
    func seeded() async throws {
        let first = try await outcomes(count: 10)
        let second = try await outcomes(count: 10)
        #expect(first == second)
        #expect(first.contains("failed"))
        #expect(first.contains("completed"))
        #expect(Set(first).isSubset(of: ["failed", "completed"]))
    }
}
