import Essentials
import Foundation
import OrgEmulator
import Testing

@Suite("Emulator contract: export, import and analytics jobs")
struct JobsContractTests {
    let client = ContractClient()
    static let window: JSONValue = ["startDate": "2024-01-15T00:00:00.000Z", "endDate": "2024-01-18T00:00:00.000Z"]

    /// Runs an export job to completion and returns (job reply, downloaded bytes).
    func export(_ endpoint: Emulator.OrgEndpoint, token: String, _ extra: [(String, JSONValue)] = []) async throws -> (JSONValue, ContractClient.Reply) {
        var body = try #require(Self.window.objectValue)
        for (k, v) in extra { body[k] = v }
        let created = try await client.json("POST", endpoint.apiBase + "/api/v2/interaction/export", token: token, .object(body))
        #expect(created.status == 202)
        #expect(created.json?["status"] == "queued")
        let id = try #require(created.json?["id"]?.stringValue)
        let done = try await client.poll(endpoint.apiBase + "/api/v2/interaction/export/\(id)", token: token) {
            $0.json?["status"] == "completed"
        }
        let job = try #require(done.json)
        let url = try #require(job["downloadUrl"]?.stringValue)
        let download = try await client.send("GET", url)
        return (job, download)
    }

    @Test("an export job runs to completion and downloads in both formats with the same records")
    func exportBothFormats() async throws {
        let emulator = try EmulatorFixture.start(records: 200)
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let (jsonJob, jsonDownload) = try await export(source, token: token, [("format", "json"), ("schemaVersion", "v2.2")])
        let (linesJob, linesDownload) = try await export(source, token: token, [("format", "jsonl"), ("schemaVersion", "v2.2")])
        #expect(jsonDownload.status == 200)
        let array = try #require(try JSONParser.parse(jsonDownload.body).arrayValue)
        let lines = linesDownload.body.split(separator: UInt8(ascii: "\n")).map { try? JSONParser.parse($0) }
        #expect(array.count == 200)
        #expect(jsonJob["recordCount"] == .int(200))
        #expect(linesJob["recordCount"] == .int(200))
        #expect(lines.compactMap { $0 } == array)
        // Transcripts and media only when asked; sentiment only in v2.2.
        #expect(array.allSatisfy { $0["transcripts"] == nil && $0["media"] == nil })
        #expect(array.contains { $0["sentiment"] != nil })
        let (_, v21) = try await export(source, token: token, [("format", "jsonl"), ("schemaVersion", "v2.1"), ("includeTranscripts", true)])
        let v21Records = v21.body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONParser.parse($0) }
        #expect(v21Records.count == 200)
        #expect(v21Records.allSatisfy { $0["sentiment"] == nil })
        #expect(v21Records.contains { $0["transcripts"] != nil })
        // Downloads carry no bearer token and the storage origin saw none.
        let summary = try await client.json("GET", source.apiBase + "/emulator/summary", token: nil)
        #expect(summary.json?["storage"]?["requestsWithAuthorization"] == .int(0))
    }

    @Test("export requests are checked: date range, window length, schema version")
    func exportRejections() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        let destination = try #require(emulator.endpoint("destination"))
        let token = try await client.accessToken(destination)
        let url = destination.apiBase + "/api/v2/interaction/export"
        let backwards = try await client.json("POST", url, token: token, ["startDate": "2024-01-18T00:00:00.000Z", "endDate": "2024-01-15T00:00:00.000Z"])
        #expect(backwards.status == 400)
        #expect(backwards.json?["code"] == "invalid.date.range")
        let long = try await client.json("POST", url, token: token, ["startDate": "2024-01-01T00:00:00.000Z", "endDate": "2024-02-02T00:00:00.000Z"])
        #expect(long.json?["code"] == "invalid.date.range")
        let schema = try await client.json("POST", url, token: token, ["startDate": "2024-01-15T00:00:00.000Z", "endDate": "2024-01-16T00:00:00.000Z", "schemaVersion": "v2.2"])
        #expect(schema.status == 400)
        #expect(schema.json?["code"] == "SCHEMA_INCOMPATIBLE")
    }

    @Test("an expired download URL answers 403; the job gives a fresh one")
    func downloadExpiry() async throws {
        // 1.5 s: long enough for a loaded machine to use the fresh URL in time.
        let emulator = try EmulatorFixture.start(records: 20) { $0.downloadURLLifetimeSeconds = 1.5 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let (job, _) = try await export(source, token: token)
        let jobURL = source.apiBase + "/api/v2/interaction/export/\(job["id"]?.stringValue ?? "")"
        let first = try await download(jobURL, token: token)
        #expect(first.status == 200)
        try await Task.sleep(nanoseconds: 2_000_000_000)
        let oldURL = try #require(job["downloadUrl"]?.stringValue)
        let expired = try await client.send("GET", oldURL)
        #expect(expired.status == 403 || expired.status == 410)
        let again = try await client.json("GET", jobURL, token: token)
        let freshURL = try #require(again.json?["downloadUrl"]?.stringValue)
        #expect(freshURL != oldURL)
        let fresh = try await download(jobURL, token: token)
        #expect(fresh.status == 200)
        #expect(fresh.body == first.body)
    }

    /// Downloads the job's file from a URL the job has just given. A starved test pool may take
    /// longer than the URL's 1.5 s between the two requests: then it asks again (at most 20 times)
    /// and returns the last answer.
    func download(_ jobURL: String, token: String) async throws -> ContractClient.Reply {
        var reply: ContractClient.Reply?
        for _ in 0..<20 {
            let job = try await client.json("GET", jobURL, token: token)
            let url = try #require(job.json?["downloadUrl"]?.stringValue)
            let answer = try await client.send("GET", url)
            if answer.status == 200 { return answer }
            reply = answer
        }
        return try #require(reply)
    }

    static func importable(_ record: JSONValue, externalId: String) -> JSONValue {
        guard case .object(var object) = record else { return record }
        for field in ["id", "selfUri", "version", "createdDate", "lastUpdatedDate", "transcripts", "media", "sentiment"] {
            object.removeValue(forKey: field)
        }
        object["externalId"] = .string(externalId)
        return .object(object)
    }

    /// Records valid in the destination: references replaced by destination ids.
    func destinationRecords(_ emulator: Emulator, count: Int) -> [JSONValue] {
        let destination = emulator.orgs[1].content
        let queue = destination.queues[0].id, flow = destination.flows[0].id, code = destination.wrapupCodes[0].id
        return (0..<count).map { i in
            [
                "type": "voice", "direction": "inbound", "state": "disconnected",
                "startTime": .string("2024-01-15T10:00:\(String(format: "%02d", i % 60)).000Z"),
                "routing": ["queue": ["id": .string(queue), "name": "Q"], "flow": ["id": .string(flow), "name": "F", "type": "inboundcall"]],
                "wrapupCode": ["id": .string(code), "name": "W"],
                "participants": [["purpose": "agent", "userId": "u", "queueId": .string(queue), "wrapup": ["codeId": .string(code), "durationSeconds": 3]]],
                "transfers": [["time": "2024-01-15T10:00:30.000Z", "fromQueueId": .string(queue), "toQueueId": .string(queue)]],
                "externalId": .string("src:\(i)"),
            ]
        }
    }

    func importJob(_ endpoint: Emulator.OrgEndpoint, token: String, _ records: [JSONValue], schemaVersion: String = "v2.1") async throws -> ContractClient.Reply {
        try await client.json("POST", endpoint.apiBase + "/api/v2/interaction/import", token: token,
                              ["interactions": .array(records), "schemaVersion": .string(schemaVersion), "allowDuplicates": false])
    }

    func waitForImport(_ endpoint: Emulator.OrgEndpoint, token: String, _ reply: ContractClient.Reply) async throws -> JSONValue {
        let id = try #require(reply.json?["id"]?.stringValue)
        let done = try await client.poll(endpoint.apiBase + "/api/v2/interaction/import/\(id)", token: token) {
            $0.json?["status"] == "completed" || $0.json?["status"] == "failed"
        }
        return try #require(done.json)
    }

    @Test("import rejects bad batches synchronously, listing every offender")
    func importSyncRejections() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        let destination = try #require(emulator.endpoint("destination"))
        let token = try await client.accessToken(destination)
        var records = destinationRecords(emulator, count: 3)

        let tooMany = try await importJob(destination, token: token, Array(repeating: records[0], count: 1001))
        #expect(tooMany.status == 413)
        #expect(tooMany.json?["code"] == "payload.too.large")

        var withId = try #require(records[1].objectValue)
        withId["id"] = "x"
        withId["version"] = 3
        records[1] = .object(withId)
        let immutable = try await importJob(destination, token: token, records)
        #expect(immutable.status == 400)
        #expect(immutable.json?["code"] == "IMMUTABLE_FIELD")
        let offenders = (immutable.json?["errors"]?.arrayValue ?? []).map { ($0["recordIndex"]?.intValue ?? -1, $0["field"]?.stringValue ?? "") }
        #expect(offenders.map(\.0) == [1, 1])
        #expect(Set(offenders.map(\.1)) == ["id", "version"])

        var unknown = try #require(destinationRecords(emulator, count: 1)[0].objectValue)
        unknown["sentiment"] = ["score": 0.5]
        unknown["transcripts"] = []
        let unknownReply = try await importJob(destination, token: token, [.object(unknown)])
        #expect(unknownReply.json?["code"] == "UNKNOWN_FIELD")
        #expect(Set((unknownReply.json?["errors"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue }) == ["sentiment", "transcripts"])

        let schema = try await importJob(destination, token: token, destinationRecords(emulator, count: 1), schemaVersion: "v2.2")
        #expect(schema.json?["code"] == "SCHEMA_INCOMPATIBLE")

        var noState = try #require(destinationRecords(emulator, count: 1)[0].objectValue)
        noState.removeValue(forKey: "state")
        let bad = try await importJob(destination, token: token, [.object(noState), 7])
        #expect(bad.status == 400)
        #expect(bad.json?["code"] == "bad.request")
        #expect((bad.json?["errors"]?.arrayValue ?? []).compactMap { $0["recordIndex"]?.intValue } == [0, 1])
        let empty = try await importJob(destination, token: token, [])
        #expect(empty.json?["code"] == "bad.request")
        let notJSON = try await client.send("POST", destination.apiBase + "/api/v2/interaction/import",
                                            headers: ["Authorization": "Bearer \(token)"], body: Array("{nope".utf8))
        #expect(notJSON.json?["code"] == "bad.request")

        let summary = try await client.json("GET", destination.apiBase + "/emulator/summary", token: nil)
        #expect(summary.json?["interactions"] == .int(0))
        #expect(summary.json?["importJobs"]?["completed"] == .int(0))
    }

    @Test("a valid batch is imported, and the destination's export returns it with externalId")
    func importAndExportBack() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        let destination = try #require(emulator.endpoint("destination"))
        let token = try await client.accessToken(destination)
        let records = destinationRecords(emulator, count: 25)
        let accepted = try await importJob(destination, token: token, records)
        #expect(accepted.status == 202)
        #expect(accepted.json?["recordCount"] == .int(25))
        let job = try await waitForImport(destination, token: token, accepted)
        #expect(job["status"] == "completed")
        #expect(job["importedCount"] == .int(25))
        let exported = try await JobsContractTests().export(destination, token: token, [("format", "jsonl")])
        let back = exported.1.body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONParser.parse($0) }
        #expect(Set(back.compactMap { $0["externalId"]?.stringValue }) == Set((0..<25).map { "src:\($0)" }))
        #expect(back.allSatisfy { $0["id"]?.stringValue?.count == 36 && $0["version"] == .int(1) })
    }

    @Test("invalid references and duplicate keys fail the whole batch, every offender listed")
    func importRunTimeFailures() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        let destination = try #require(emulator.endpoint("destination"))
        let token = try await client.accessToken(destination)
        var records = destinationRecords(emulator, count: 5)
        var broken = try #require(records[3].objectValue)
        var participants = try #require(broken["participants"]?.arrayValue)
        var agent = try #require(participants[0].objectValue)
        agent["queueId"] = "no-such-queue"
        participants.append(.object(agent))
        broken["participants"] = .array(participants)
        broken["wrapupCode"] = ["id": "no-such-code"]
        records[3] = .object(broken)
        let failed = try await waitForImport(destination, token: token, try await importJob(destination, token: token, records))
        #expect(failed["status"] == "failed")
        #expect(failed["importedCount"] == .int(0))
        let errors = (failed["errors"]?.arrayValue ?? []).map { "\($0["code"]?.stringValue ?? "") \($0["recordIndex"]?.intValue ?? -1) \($0["path"]?.stringValue ?? "") \($0["entityType"]?.stringValue ?? "")" }
        #expect(Set(errors) == ["INVALID_REFERENCE 3 wrapupCode.id wrapupCode", "INVALID_REFERENCE 3 participants[1].queueId queue"])

        // Nothing of the failed batch was kept: the valid records import cleanly now.
        let good = destinationRecords(emulator, count: 5)
        let first = try await waitForImport(destination, token: token, try await importJob(destination, token: token, Array(good[0..<3])))
        #expect(first["status"] == "completed")
        // Sending two of them again, plus a record repeated inside the batch: every duplicate listed.
        let again = try await waitForImport(destination, token: token, try await importJob(destination, token: token, [good[1], good[3], good[2], good[3]]))
        #expect(again["status"] == "failed")
        let duplicates = (again["errors"]?.arrayValue ?? []).map { ($0["code"]?.stringValue ?? "", $0["recordIndex"]?.intValue ?? -1, $0["externalId"]?.stringValue ?? "") }
        #expect(duplicates.map(\.0) == ["DUPLICATE_KEY", "DUPLICATE_KEY", "DUPLICATE_KEY"])
        #expect(duplicates.map(\.1) == [0, 2, 3])
        let summary = try await client.json("GET", destination.apiBase + "/emulator/summary", token: nil)
        #expect(summary.json?["interactions"] == .int(3))
        #expect(summary.json?["distinctExternalIds"] == .int(3))
        #expect(summary.json?["duplicateExternalIds"] == .int(0))
        #expect(summary.json?["importJobs"]?["failed"] == .int(2))
    }

    @Test("import jobs run one at a time in acceptance order: a later batch sees an earlier one's records")
    func importOrder() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.jobLatencyMilliseconds = 150 }
        defer { emulator.shutdown() }
        let destination = try #require(emulator.endpoint("destination"))
        let token = try await client.accessToken(destination)
        let records = destinationRecords(emulator, count: 2)
        let a = try await importJob(destination, token: token, [records[0]])
        let b = try await importJob(destination, token: token, [records[0], records[1]])
        let first = try await waitForImport(destination, token: token, a)
        let second = try await waitForImport(destination, token: token, b)
        #expect(first["status"] == "completed")
        #expect(second["status"] == "failed")
        #expect(second["errors"]?.arrayValue?.first?["code"] == "DUPLICATE_KEY")
    }

    @Test("a job queued behind another starts when that one ends, even when the org is asked in between")
    func importQueueAcrossPolls() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.jobLatencyMilliseconds = 300 }
        defer { emulator.shutdown() }
        let destination = try #require(emulator.endpoint("destination"))
        let token = try await client.accessToken(destination)
        let records = destinationRecords(emulator, count: 2)
        let a = try await importJob(destination, token: token, [records[0]])
        let b = try await importJob(destination, token: token, [records[1]])
        // Polling the first to its end asks the org several times while the second waits.
        let first = try await waitForImport(destination, token: token, a)
        let second = try await waitForImport(destination, token: token, b)
        let firstEnd = try #require(first["completedDate"]?.stringValue.flatMap(ISOTimestamp.init))
        let secondEnd = try #require(second["completedDate"]?.stringValue.flatMap(ISOTimestamp.init))
        // The second ran for its whole duration after the first (less a millisecond of rounding).
        #expect(secondEnd.millisecondsSinceEpoch - firstEnd.millisecondsSinceEpoch >= 299)
    }

    @Test("a queue removed after listing is still listed, and an import job refuses it as INVALID_REFERENCE")
    func queueRemovedMidRun() async throws {
        var knobs = OrgKnobs()
        knobs.jobLatencyMilliseconds = 20
        var orgs = EmulatorSetup(seed: 11, records: 10, days: 3, from: ISOTimestamp(year: 2024, month: 1, day: 15), knobs: knobs).defaultPair()
        let removed = orgs[1].content.queues[0].id
        orgs[1].knobs.queuesRemovedMidRun = [removed]
        let emulator = try Emulator(orgs: orgs)
        defer { emulator.shutdown() }
        let destination = try #require(emulator.endpoint("destination"))
        let token = try await client.accessToken(destination)
        let listed = try await client.json("GET", destination.apiBase + "/api/v2/routing/queues?pageSize=100", token: token)
        #expect(listed.json?["entities"]?.arrayValue?.contains { $0["id"]?.stringValue == removed } == true)
        let job = try await importJob(destination, token: token, destinationRecords(emulator, count: 1))
        #expect(job.status == 202)
        let done = try await waitForImport(destination, token: token, job)
        #expect(done["status"] == "failed")
        let codes = done["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
        let ids = Set(done["errors"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
        // routing.queue.id, participants[0].queueId and both transfer queues.
        #expect(codes == Array(repeating: "INVALID_REFERENCE", count: 4))
        #expect(ids == [removed])
    }

    @Test("analytics jobs page with a cursor that belongs to the job, and give the export's interactions")
    func analyticsMatchesExport() async throws {
        let emulator = try EmulatorFixture.start(records: 240)
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let jobURL = source.apiBase + "/api/v2/analytics/conversations/details/jobs"
        let interval: JSONValue = ["interval": "2024-01-15T00:00:00.000Z/2024-01-18T00:00:00.000Z", "order": "asc", "orderBy": "conversationStart"]
        let created = try await client.json("POST", jobURL, token: token, interval)
        #expect(created.status == 202)
        let id = try #require(created.json?["jobId"]?.stringValue)
        _ = try await client.poll(jobURL + "/\(id)", token: token) { $0.json?["state"] == "FULFILLED" }
        var conversations: [JSONValue] = []
        var cursor: String?
        var pages = 0
        repeat {
            let query = "?pageSize=100" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "")
            let page = try await client.json("GET", jobURL + "/\(id)/results" + query, token: token)
            #expect(page.status == 200)
            conversations += page.json?["conversations"]?.arrayValue ?? []
            cursor = page.json?["cursor"]?.stringValue
            pages += 1
        } while cursor != nil
        #expect(pages == 3)
        #expect(conversations.count == 240)
        // A cursor of this job is refused by another job.
        let other = try await client.json("POST", jobURL, token: token, interval)
        let otherId = try #require(other.json?["jobId"]?.stringValue)
        _ = try await client.poll(jobURL + "/\(otherId)", token: token) { $0.json?["state"] == "FULFILLED" }
        let firstPage = try await client.json("GET", jobURL + "/\(id)/results?pageSize=100", token: token)
        let foreign = try #require(firstPage.json?["cursor"]?.stringValue)
        let misuse = try await client.json("GET", jobURL + "/\(otherId)/results?cursor=\(foreign.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? foreign)", token: token)
        #expect(misuse.status == 400)

        // Both export paths describe the same interactions (§9 conversion, on the fields it carries).
        let exported = try await JobsContractTests().export(source, token: token, [("format", "jsonl"), ("schemaVersion", "v2.1")])
        let records = exported.1.body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONParser.parse($0) }
        #expect(records.count == 240)
        let conversion = SectionNineConversion(org: emulator.orgs[0].content)
        let converted = Dictionary(uniqueKeysWithValues: conversations.map { ($0["conversationId"]?.stringValue ?? "", conversion.record(from: $0)) })
        for record in records {
            let id = try #require(record["id"]?.stringValue)
            let back = try #require(converted[id], "record \(id) is missing from the analytics results")
            for key in ["type", "direction", "state", "startTime", "endTime", "durationSeconds", "participants", "transfers", "attributes"] {
                #expect(back[key] == record[key], "\(id): \(key) differs between the two export paths")
            }
            #expect(back["routing"]?["queue"] == record["routing"]?["queue"], "\(id): routing.queue differs")
            #expect(back["routing"]?["flow"] == record["routing"]?["flow"], "\(id): routing.flow differs")
            #expect(back["wrapupCode"] == record["wrapupCode"]?.objectValue.map(JSONValue.object), "\(id): wrapupCode differs")
        }
    }
}
