import Essentials
import Foundation
import OrgEmulator
import Testing

@Suite("Emulator contract: analytics job windows and data availability (§9)")
struct AnalyticsWindowContractTests {
    let client = ContractClient()
    static let jobsPath = "/api/v2/analytics/conversations/details/jobs"

    /// Runs an analytics job over `interval` to `FULFILLED` and returns every conversation of
    /// every page, with the last page's `dataAvailabilityDate`.
    func analytics(_ endpoint: Emulator.OrgEndpoint, token: String, interval: String) async throws -> ([JSONValue], String?) {
        let url = endpoint.apiBase + Self.jobsPath
        let created = try await client.json("POST", url, token: token, ["interval": .string(interval), "order": "asc", "orderBy": "conversationStart"])
        #expect(created.status == 202)
        let id = try #require(created.json?["jobId"]?.stringValue)
        let done = try await client.poll(url + "/\(id)", token: token) { $0.json?["state"] == "FULFILLED" || $0.json?["state"] == "FAILED" }
        #expect(done.json?["state"] == "FULFILLED")
        var conversations: [JSONValue] = []
        var cursor: String?
        var availability: String?
        repeat {
            let query = "?pageSize=100" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "")
            let page = try await client.json("GET", url + "/\(id)/results" + query, token: token)
            #expect(page.status == 200)
            conversations += page.json?["conversations"]?.arrayValue ?? []
            availability = page.json?["dataAvailabilityDate"]?.stringValue
            cursor = page.json?["cursor"]?.stringValue
        } while cursor != nil
        return (conversations, availability)
    }

    /// A destination-valid record from `start` to `end` (no `endTime` when `end` is nil).
    static func record(_ emulator: Emulator, externalId: String, start: String, end: String?, seconds: Int) throws -> JSONValue {
        var record = try #require(JobsContractTests().destinationRecords(emulator, count: 1).first?.objectValue)
        record["externalId"] = .string(externalId)
        record["startTime"] = .string(start)
        record["transfers"] = []
        if let end {
            record["endTime"] = .string(end)
            record["durationSeconds"] = .int(Int64(seconds))
        }
        return .object(record)
    }

    @Test("a conversation that crosses midnight is in both days' analytics jobs, and in the export of the day it starts only")
    func crossingMidnight() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        let destination = try #require(emulator.endpoint("destination"))
        let token = try await client.accessToken(destination)
        let records = [
            try Self.record(emulator, externalId: "crossing", start: "2024-01-15T23:58:00.000Z", end: "2024-01-16T00:03:00.000Z", seconds: 300),
            try Self.record(emulator, externalId: "day1", start: "2024-01-15T10:00:00.000Z", end: "2024-01-15T10:05:00.000Z", seconds: 300),
            try Self.record(emulator, externalId: "day2", start: "2024-01-16T10:00:00.000Z", end: "2024-01-16T10:05:00.000Z", seconds: 300),
            // Ends exactly when the third day begins: it does not overlap that day.
            try Self.record(emulator, externalId: "endsAtMidnight", start: "2024-01-16T23:55:00.000Z", end: "2024-01-17T00:00:00.000Z", seconds: 300),
            // No end and starting at the third day's first instant: it belongs to that day.
            try Self.record(emulator, externalId: "noEnd", start: "2024-01-17T00:00:00.000Z", end: nil, seconds: 0),
        ]
        let imported = try await JobsContractTests().waitForImport(destination, token: token,
                                                                   try await JobsContractTests().importJob(destination, token: token, records))
        #expect(imported["status"] == "completed")

        // Export ids by externalId, to name the analytics conversations (which carry no externalId).
        let all = try await JobsContractTests().export(destination, token: token, [("format", "jsonl")])
        let exported = all.1.body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONParser.parse($0) }
        let names = Dictionary(uniqueKeysWithValues: exported.compactMap { r in r["id"]?.stringValue.map { ($0, r["externalId"]?.stringValue ?? "") } })
        #expect(names.count == 5)

        func analyticsNames(_ interval: String) async throws -> [String] {
            try await analytics(destination, token: token, interval: interval).0.compactMap { $0["conversationId"]?.stringValue }.map { names[$0] ?? $0 }
        }
        // In start order, then id.
        #expect(try await analyticsNames("2024-01-15T00:00:00.000Z/2024-01-16T00:00:00.000Z") == ["day1", "crossing"])
        #expect(try await analyticsNames("2024-01-16T00:00:00.000Z/2024-01-17T00:00:00.000Z") == ["crossing", "day2", "endsAtMidnight"])
        #expect(try await analyticsNames("2024-01-17T00:00:00.000Z/2024-01-18T00:00:00.000Z") == ["noEnd"])

        func exportNames(_ start: String, _ end: String) async throws -> Set<String> {
            let (job, download) = try await JobsContractTests().export(destination, token: token,
                                                                      [("startDate", .string(start)), ("endDate", .string(end)), ("format", "jsonl")])
            let lines = download.body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONParser.parse($0) }
            #expect(job["recordCount"] == .int(Int64(lines.count)))
            return Set(lines.compactMap { $0["externalId"]?.stringValue })
        }
        #expect(try await exportNames("2024-01-15T00:00:00.000Z", "2024-01-16T00:00:00.000Z") == ["day1", "crossing"])
        #expect(try await exportNames("2024-01-16T00:00:00.000Z", "2024-01-17T00:00:00.000Z") == ["day2", "endsAtMidnight"])
    }

    @Test("generated content: every conversation overlapping a day is in that day's job, including those begun the day before")
    func generatedContentOverlap() async throws {
        // Enough conversations (1000 a day) that some of the seed's run past midnight.
        let emulator = try EmulatorFixture.start(records: 3000, days: 3)
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let dayStart = try #require(ISOTimestamp("2024-01-16T00:00:00.000Z")).millisecondsSinceEpoch
        let dayEnd = dayStart + 86_400_000
        var expected: [(Int64, String)] = []
        for record in emulator.orgs[0].content.interactions {
            let start = try #require(record["startTime"]?.stringValue.flatMap { ISOTimestamp($0) }).millisecondsSinceEpoch
            let end = try #require(record["endTime"]?.stringValue.flatMap { ISOTimestamp($0) }).millisecondsSinceEpoch
            if start < dayEnd && end > dayStart { expected.append((start, try #require(record["id"]?.stringValue))) }
        }
        expected.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        let (conversations, _) = try await analytics(source, token: token, interval: "2024-01-16T00:00:00.000Z/2024-01-17T00:00:00.000Z")
        let got = conversations.compactMap { $0["conversationId"]?.stringValue }, want = expected.map(\.1)
        #expect(got == want, "\(Set(want).subtracting(got).count) missing, \(Set(got).subtracting(want).count) extra, of \(want.count)")
        // The seed's content has conversations begun on the 15th that run into the 16th.
        #expect(expected.contains { $0.0 < dayStart })
    }

    @Test("availability is now minus the lag knob, with milliseconds, and results pages carry the same date")
    func availability() async throws {
        let emulator = try EmulatorFixture.start(records: 20) { $0.dataAvailabilityLagSeconds = 3600 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let before = Date().timeIntervalSince1970
        let reply = try await client.json("GET", source.apiBase + Self.jobsPath + "/availability", token: token)
        let (_, pageDate) = try await analytics(source, token: token, interval: "2024-01-15T00:00:00.000Z/2024-01-18T00:00:00.000Z")
        let after = Date().timeIntervalSince1970
        #expect(reply.status == 200)
        let text = try #require(reply.json?["dataAvailabilityDate"]?.stringValue)
        #expect(reply.json?.objectValue?.count == 1)
        // ISO-8601 UTC with milliseconds: 2024-01-15T10:00:00.000Z.
        #expect(text.count == 24 && text.hasSuffix("Z") && Array(text)[19] == ".")
        for date in [text, try #require(pageDate)] {
            let seconds = Double(try #require(ISOTimestamp(date)).millisecondsSinceEpoch) / 1000
            #expect(seconds >= before - 3600 - 1 && seconds <= after - 3600 + 0.001, "\(date) is not an hour before now")
        }
        // The availability route is not mistaken for a job id.
        let summary = try await client.json("GET", source.apiBase + "/emulator/summary", token: nil)
        #expect(summary.json?["requests"]?["byRoute"]?["GET /api/v2/analytics/conversations/details/jobs/availability"] == .int(1))
        let unknown = try await client.json("GET", source.apiBase + Self.jobsPath + "/no-such-job", token: token)
        #expect(unknown.status == 404)
    }

    @Test("without a lag the availability date is now")
    func availabilityNoLag() async throws {
        let emulator = try EmulatorFixture.start(records: 1)
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let before = Date().timeIntervalSince1970
        let reply = try await client.json("GET", source.apiBase + Self.jobsPath + "/availability", token: token)
        let after = Date().timeIntervalSince1970
        let text = try #require(reply.json?["dataAvailabilityDate"]?.stringValue)
        let seconds = Double(try #require(ISOTimestamp(text)).millisecondsSinceEpoch) / 1000
        #expect(seconds >= before - 1 && seconds <= after + 0.001)
    }
}
