import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

extension EndToEnd {
    @Suite("interaction-migrate export", .serialized)
    struct ExportCommandTests {
        static let from = ISOTimestamp(year: 2024, month: 1, day: 1)

        /// The default pair with `records` interactions over `days` days from 2024-01-01, and the
        /// environment and options that reach its source.
        static func start(records: Int = 300, days: Int = 3, knobs: OrgKnobs = OrgKnobs()) throws -> (Emulator, [String: String], [String]) {
            var knobs = knobs
            knobs.jobLatencyMilliseconds = min(knobs.jobLatencyMilliseconds, 20)
            let emulator = try Emulator(orgs: EmulatorSetup(seed: 5, records: records, days: days, from: from, knobs: knobs).defaultPair())
            let source = emulator.endpoint("source")!
            var environment = ProcessInfo.processInfo.environment
            environment["SOURCE_CLIENT_ID"] = source.clientId
            environment["SOURCE_CLIENT_SECRET"] = source.clientSecret
            return (emulator, environment, ["--source-api", source.apiBase])
        }

        /// The source's records whose startTime lies in `[start, end)`, by id.
        static func expected(records: Int = 300, days: Int = 3, start: ISOTimestamp, end: ISOTimestamp) -> [String: JSONValue] {
            let pair = DefaultOrgPair.make(seed: 5, interactionCount: records, from: from, days: days)
            var out: [String: JSONValue] = [:]
            for record in pair.source.interactions {
                guard let time = record["startTime"]?.stringValue.flatMap(ISOTimestamp.init), time >= start, time < end else { continue }
                out[record["id"]!.stringValue!] = record
            }
            return out
        }

        static func lines(_ path: String) throws -> [JSONValue] {
            try FileContents.read(path: path).split(separator: 0x0A).map { try JSONParser.parse($0) }
        }

        static func mode(_ path: String) -> Int? {
            (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        }

        @Test("interaction export: one verified file per window, 0600 in a 0700 folder; a re-run skips them; a changed file is exported again")
        func interactionExport() throws {
            let (emulator, environment, source) = try Self.start()
            defer { emulator.shutdown() }
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let command = ["export", "--name", "acme", "--workspace", root, "--from", "2024-01-01", "--to", "2024-01-04",
                           "--source-kind", "interaction-export"] + source
            let run = try ToolProcess.run(command, environment: environment)
            #expect(run.status == 0, "\(run.output)\(run.error)")
            let folder = root + "/state/acme/export"
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            #expect(names == ["20240101T000000Z_20240102T000000Z.jsonl", "20240102T000000Z_20240103T000000Z.jsonl",
                              "20240103T000000Z_20240104T000000Z.jsonl"])
            #expect(Self.mode(folder) == 0o700)
            var total = 0
            for (day, name) in names.enumerated() {
                let path = folder + "/" + name
                #expect(Self.mode(path) == 0o600)
                let start = Self.from.adding(seconds: Int64(day) * 86_400)
                let want = Self.expected(start: start, end: start.adding(seconds: 86_400))
                let got = try Self.lines(path)
                #expect(got.count == want.count)
                #expect(Set(got.compactMap { $0["id"]?.stringValue }) == Set(want.keys))
                total += got.count
            }
            #expect(total == 300)
            let state = try JSONParser.parse(try FileContents.read(path: root + "/state/acme.json"))
            let window = try #require(state["export"]?["windows"]?["20240101T000000Z_20240102T000000Z"])
            #expect(window["status"] == "completed")
            #expect(window["sha256"]?.stringValue == (try SHA256.hashFile(atPath: folder + "/" + names[0]).hex))
            #expect(state["export"]?["sourceOrgName"] == "Acme Prod")

            let again = try ToolProcess.run(command, environment: environment)
            #expect(again.status == 0)
            #expect(again.error.contains("already exported, file unchanged"), "\(again.error)")
            // A file changed by hand is noticed and exported again, to the same bytes.
            let first = folder + "/" + names[0]
            let original = try FileContents.read(path: first)
            try AtomicFileWriter.write(Array(original.dropLast(10)), to: first)
            let redo = try ToolProcess.run(command, environment: environment)
            #expect(redo.status == 0)
            #expect(redo.error.contains("its file changed since it was exported; exporting it again"), "\(redo.error)")
            #expect(try FileContents.read(path: first) == original)
        }

        /// The fields of a record that §9's conversion defines, for comparing the two source kinds.
        static func sectionNine(_ record: JSONValue) -> JSONValue {
            var out = JSONObject()
            for key in ["id", "type", "direction", "state", "startTime", "endTime", "durationSeconds", "wrapupCode", "transfers", "attributes"] {
                if let value = record[key], !value.isNull { out[key] = value }
            }
            var routing = JSONObject()
            if let queue = record["routing"]?["queue"] { routing["queue"] = queue }
            if let flow = record["routing"]?["flow"] { routing["flow"] = flow }
            if !routing.isEmpty { out["routing"] = .object(routing) }
            let people = (record["participants"]?.arrayValue ?? []).filter {
                ["customer", "external", "agent"].contains($0["purpose"]?.stringValue ?? "")
            }
            if !people.isEmpty { out["participants"] = .array(people) }
            return .object(out)
        }

        @Test("analytics and interaction export give the same records for the same windows, on every field §9 defines")
        func bothKindsAgree() throws {
            let (emulator, environment, source) = try Self.start()
            defer { emulator.shutdown() }
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            for (name, kind) in [("viaexport", "interaction-export"), ("viaanalytics", "analytics")] {
                let run = try ToolProcess.run(["export", "--name", name, "--workspace", root, "--from", "2024-01-01", "--to", "2024-01-04",
                                               "--source-kind", kind] + source, environment: environment)
                #expect(run.status == 0, "\(kind): \(run.output)\(run.error)")
            }
            let windows = try FileManager.default.contentsOfDirectory(atPath: root + "/state/viaexport/export").sorted()
            #expect(windows.count == 3)
            var compared = 0
            for window in windows {
                let exported = try Self.lines(root + "/state/viaexport/export/" + window)
                let analytics = try Self.lines(root + "/state/viaanalytics/export/" + window)
                #expect(exported.count == analytics.count, "\(window)")
                let byId = Dictionary(uniqueKeysWithValues: analytics.map { ($0["id"]!.stringValue!, $0) })
                for record in exported {
                    let id = record["id"]!.stringValue!
                    let other = try #require(byId[id], "\(window): \(id) missing from the analytics export")
                    let a = try JSONWriter.canonical(Self.sectionNine(record)), b = try JSONWriter.canonical(Self.sectionNine(other))
                    #expect(a == b, "\(id):\n\(String(decoding: a, as: UTF8.self))\n\(String(decoding: b, as: UTF8.self))")
                    compared += 1
                }
            }
            #expect(compared == 300)
        }

        @Test("auto uses analytics when the org has no interaction export (a real org), and says so")
        func autoPicksAnalytics() throws {
            var knobs = OrgKnobs()
            knobs.servesInteractionExport = false
            let (emulator, environment, source) = try Self.start(records: 60, days: 1, knobs: knobs)
            defer { emulator.shutdown() }
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let run = try ToolProcess.run(["export", "--name", "acme", "--workspace", root, "--from", "2024-01-01", "--to", "2024-01-02"] + source,
                                          environment: environment)
            #expect(run.status == 0, "\(run.output)\(run.error)")
            #expect(run.error.contains("source kind: analytics"), "\(run.error)")
            let records = try Self.lines(root + "/state/acme/export/20240101T000000Z_20240102T000000Z.jsonl")
            #expect(records.count == 60)
        }

        @Test("bad ranges are refused with the reason, before the org is asked", arguments: [
            (["--from", "2024-01-05", "--to", "2024-01-05"], "is not after --from"),
            (["--from", "2024-01-01", "--to", "2024-03-01", "--window", "32d"], "from 1h to 31d"),
            (["--from", "2024-01-01", "--to", "2024-01-02", "--window", "30m"], "from 1h to 31d"),
            (["--from", "yesterday", "--to", "2024-01-02"], "--from 'yesterday' is not a time"),
            (["--from", "2024-01-01", "--to", "2099-01-01"], "less than 15 minutes before now"),
            (["--from", "2024-01-01", "--to", "2024-01-02", "--types", "voice,fax"], "--types 'voice,fax'"),
        ] as [([String], String)])
        func badRanges(_ options: [String], _ message: String) throws {
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            var environment = ProcessInfo.processInfo.environment
            environment["SOURCE_CLIENT_ID"] = "x"
            environment["SOURCE_CLIENT_SECRET"] = "y"
            let run = try ToolProcess.run(["export", "--name", "acme", "--workspace", root, "--source-api", "http://127.0.0.1:9"] + options,
                                          environment: environment)
            #expect(run.status == 64, "\(run.error)")
            #expect(run.error.contains(message), "\(run.error)")
            #expect(!FileManager.default.fileExists(atPath: root + "/state/acme.json"))
        }

        @Test("a job recorded in flight is polled on the next run, and one the org no longer knows is submitted again")
        func jobsInFlight() async throws {
            let (emulator, environment, source) = try Self.start(records: 40, days: 1)
            defer { emulator.shutdown() }
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            // A run that stopped right after recording its job: the job id is one the org never issued.
            let workspace = try MigrationWorkspace(root: root, name: "acme")
            let window = ExportWindow(start: Self.from, end: Self.from.adding(seconds: 86_400))
            let store = try StateStore(workspace)
            try await store.record(.exportWindow(window.name, ExportWindowState(
                start: window.start, end: window.end, sourceKind: "interaction-export", status: .submitted,
                jobId: "00000000-0000-0000-0000-000000000000", jobsSubmitted: 1)))
            try await store.close()
            let run = try ToolProcess.run(["export", "--name", "acme", "--workspace", root, "--from", "2024-01-01", "--to", "2024-01-02",
                                           "--source-kind", "interaction-export"] + source, environment: environment)
            #expect(run.status == 0, "\(run.error)")
            #expect(run.error.contains("the org no longer knows job 00000000-0000-0000-0000-000000000000; submitting a new job"), "\(run.error)")
            let summary = try await Self.summary(emulator)
            // The recorded job was polled (a 404), not submitted again; then one new job.
            #expect(summary["requests"]?["byRoute"]?["POST /api/v2/interaction/export"] == .int(1))
            let state = try StateStore(workspace, access: .readOnly)
            #expect(await state.state.export.windows[window.name]?.jobsSubmitted == 2)
            #expect(await state.state.export.windows[window.name]?.status == .completed)
            #expect(try Self.lines(workspace.exportFile(window: window.name)).count == 40)
        }

        @Test("a mapping file of another source org is refused, naming both orgs, before any job")
        func otherSourceOrg() throws {
            let (emulator, environment, source) = try Self.start(records: 20, days: 1)
            defer { emulator.shutdown() }
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let mapping = MappingFile(generatedAt: ISOTimestamp(year: 2026, month: 1, day: 1),
                                      source: .init(orgId: "11111111-2222-3333-4444-555555555555", orgName: "Globex Prod", apiBase: "https://api.mypurecloud.com"),
                                      destination: .init(orgId: "dst", orgName: "Acme EU", apiBase: "https://api.mypurecloud.ie"),
                                      queues: [], flows: [], wrapupCodes: [])
            try mapping.write(to: root + "/mappings/acme.json")
            let run = try ToolProcess.run(["export", "--name", "acme", "--workspace", root, "--from", "2024-01-01", "--to", "2024-01-02"] + source,
                                          environment: environment)
            #expect(run.status == 78, "\(run.error)")
            #expect(run.error.contains("Globex Prod (11111111-2222-3333-4444-555555555555)"))
            #expect(run.error.contains("Acme Prod"))
            #expect(!FileManager.default.fileExists(atPath: root + "/state/acme/export"))
        }

        static func summary(_ emulator: Emulator) async throws -> JSONValue {
            let response = try await URLSessionTransport().send(TransportRequest(method: "GET", url: emulator.endpoint("source")!.apiBase + "/emulator/summary"))
            return try JSONParser.parse(response.body)
        }

        @Test("503s, dropped connections, truncated downloads, URLs that expire, short-lived tokens and 429 storms are survived; storage never sees the token")
        func faults() async throws {
            var knobs = OrgKnobs()
            knobs.fault503Share = 0.05
            knobs.faultDropShare = 0.03
            knobs.faultTruncateShare = 0.15
            knobs.downloadURLLifetimeSeconds = 0.3
            knobs.tokenLifetimeSeconds = 2
            knobs.stormEverySeconds = 6
            knobs.jobLatencyMilliseconds = 100
            let (emulator, environment, source) = try Self.start(knobs: knobs)
            defer { emulator.shutdown() }
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let run = try ToolProcess.run(["export", "--name", "acme", "--workspace", root, "--from", "2024-01-01", "--to", "2024-01-04",
                                           "--window", "3h", "--source-kind", "interaction-export"] + source, environment: environment, timeout: 300)
            #expect(run.status == 0, "\(run.output)\(run.error)")
            var total = 0
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/state/acme/export") {
                total += try Self.lines(root + "/state/acme/export/" + name).count
            }
            #expect(total == 300)
            let summary = try await Self.summary(emulator)
            #expect(summary["storage"]?["requests"]?.intValue ?? 0 >= 3)
            #expect(summary["storage"]?["requestsWithAuthorization"] == .int(0))
            #expect(summary["retryAfterViolations"] == .int(0))
            // The faults did happen.
            #expect(summary["storage"]?["truncatedDownloads"]?.intValue ?? 0 > 0)
            #expect(summary["injected503"]?.intValue ?? 0 > 0)
        }

        @Test("analytics under 503s, dropped connections, short-lived tokens and 429 storms: every record, no request inside a Retry-After")
        func analyticsFaults() async throws {
            var knobs = OrgKnobs()
            knobs.fault503Share = 0.05
            knobs.faultDropShare = 0.03
            knobs.tokenLifetimeSeconds = 2
            knobs.stormEverySeconds = 6
            let (emulator, environment, source) = try Self.start(knobs: knobs)
            defer { emulator.shutdown() }
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let run = try ToolProcess.run(["export", "--name", "acme", "--workspace", root, "--from", "2024-01-01", "--to", "2024-01-04",
                                           "--window", "3h", "--source-kind", "analytics"] + source, environment: environment, timeout: 300)
            #expect(run.status == 0, "\(run.output)\(run.error)")
            var ids = Set<String>()
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/state/acme/export") {
                for record in try Self.lines(root + "/state/acme/export/" + name) { ids.insert(record["id"]!.stringValue!) }
            }
            #expect(ids == Set(Self.expected(start: Self.from, end: Self.from.adding(seconds: 3 * 86_400)).keys))
            let summary = try await Self.summary(emulator)
            #expect(summary["retryAfterViolations"] == .int(0))
            #expect(summary["injected503"]?.intValue ?? 0 > 0)
        }

        @Test("failed jobs are submitted again a bounded number of times; a window that still fails is reported alone, exit 2")
        func failedJobs() throws {
            var knobs = OrgKnobs()
            knobs.failExportJobsShare = 1
            let (emulator, environment, source) = try Self.start(records: 60, days: 2, knobs: knobs)
            defer { emulator.shutdown() }
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let run = try ToolProcess.run(["export", "--name", "acme", "--workspace", root, "--from", "2024-01-01", "--to", "2024-01-03",
                                           "--source-kind", "interaction-export"] + source, environment: environment)
            #expect(run.status == 2, "\(run.output)\(run.error)")
            #expect(run.error.contains("window 20240101T000000Z_20240102T000000Z failed: export job"), "\(run.error)")
            let state = try JSONParser.parse(try FileContents.read(path: root + "/state/acme.json"))
            let window = try #require(state["export"]?["windows"]?["20240102T000000Z_20240103T000000Z"])
            #expect(window["status"] == "failed")
            #expect(window["jobsSubmitted"] == .int(3))
            #expect(window["lastError"]?.stringValue?.contains("ended failed") == true)
            #expect(!FileManager.default.fileExists(atPath: root + "/state/acme/export/20240102T000000Z_20240103T000000Z.jsonl"))
        }

        @Test("killed at random moments and run again, the export ends with files byte-identical to an uninterrupted run")
        func resumeAfterKill() throws {
            let kills = Int(ProcessInfo.processInfo.environment["INTERACTION_MIGRATE_EXPORT_KILLS"] ?? "") ?? 4
            var knobs = OrgKnobs()
            knobs.jobLatencyMilliseconds = 150
            knobs.jobLatencyPerRecordMilliseconds = 0.5
            let (emulator, environment, source) = try Self.start(records: 700, days: 7, knobs: knobs)
            defer { emulator.shutdown() }
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            func command(_ name: String) -> [String] {
                ["export", "--name", name, "--workspace", root, "--from", "2024-01-01", "--to", "2024-01-08", "--concurrency", "2",
                 "--source-kind", "interaction-export"] + source
            }
            let clean = try ToolProcess.run(command("clean"), environment: environment)
            #expect(clean.status == 0, "\(clean.error)")
            var random = SeededGenerator(seed: UInt64(kills) &+ 11)
            for _ in 0..<kills {
                let tool = try ToolProcess(command("killed"), environment: environment)
                usleep(UInt32(100_000 + random.next() % 900_000))
                kill(tool.process.processIdentifier, SIGKILL)
                tool.process.waitUntilExit()
            }
            var finished = false
            for _ in 0..<5 where !finished {
                let run = try ToolProcess.run(command("killed"), environment: environment)
                finished = run.status == 0
            }
            #expect(finished)
            let names = try FileManager.default.contentsOfDirectory(atPath: root + "/state/clean/export").sorted()
            #expect(names.count == 7)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/state/killed/export").sorted() == names)
            for name in names {
                #expect(try FileContents.read(path: root + "/state/killed/export/" + name) == FileContents.read(path: root + "/state/clean/export/" + name), "\(name)")
            }
        }
    }
}
