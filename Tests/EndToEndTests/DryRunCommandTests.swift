import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

extension EndToEnd {
    @Suite("interaction-migrate import --dry-run", .serialized)
    struct DryRunCommandTests {
        /// The state file's and the journal's bytes: what must not change.
        static func stateBytes(_ workspace: ImportWorkspace) -> [UInt8] {
            let w = workspace.workspace
            return Array(FileManager.default.contents(atPath: w.stateFile) ?? Data()) + [0]
                + Array(FileManager.default.contents(atPath: w.journalFile) ?? Data())
        }

        /// The dry-run reports written so far, oldest first.
        static func reports(_ workspace: ImportWorkspace) throws -> [String] {
            let folder = workspace.workspace.reportsFolder
            // In the order written: two reports of one second are STAMP.json then STAMP-2.json,
            // which sort the other way round by name.
            func order(_ name: String) -> (String, Int) {
                let stem = String(name.dropFirst("dry-run-".count).dropLast(".json".count))
                guard let dash = stem.lastIndex(of: "-"), let n = Int(stem[stem.index(after: dash)...]) else { return (stem, 1) }
                return (String(stem[..<dash]), n)
            }
            return try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasPrefix("dry-run-") && $0.hasSuffix(".json") }
                .sorted { order($0) < order($1) }.map { folder + "/" + $0 }
        }

        /// Requests the destination received that were not GETs (the token endpoint aside), and its import jobs.
        static func writes(_ workspace: ImportWorkspace) async throws -> (nonGet: Int, importJobs: Int64) {
            let byMethod = workspace.emulator.orgs[1].apiRequestsByMethod()
            let jobs = try await workspace.summary()["importJobs"]?.objectValue?.reduce(Int64(0)) { $0 + ($1.value.intValue ?? 0) } ?? -1
            return (byMethod.filter { $0.key != "GET" }.values.reduce(0, +), jobs)
        }

        /// Chunk hashes by window, as a dry-run report (its JSON) lists them.
        static func hashes(_ report: JSONValue) -> [String: [String]] {
            var out: [String: [String]] = [:]
            for window in report["windows"]?.arrayValue ?? [] {
                out[window["window"]!.stringValue!] = (window["chunks"]?.arrayValue ?? []).compactMap { $0["chunk"]?.stringValue }
            }
            return out
        }

        @Test("a clean migration: exit 0, no write at the destination, the report under reports/, the state untouched (even while locked); the import then sends exactly the planned chunks")
        func cleanDryRunThenImport() async throws {
            let workspace = try ImportWorkspace(records: 200, days: 2)
            let before = Self.stateBytes(workspace)
            // Another command holds the migration's lock: a dry run needs none.
            let holder = try LockHolder(workspace.workspace.lockFile)
            let run = try workspace.runImport(["--chunk-size", "50", "--dry-run"])
            holder.stop()
            #expect(run.status == 0, "\(run.output)\(run.error)")
            #expect(Self.stateBytes(workspace) == before, "the dry run changed the state")
            let writes = try await Self.writes(workspace)
            #expect(writes.nonGet == 0 && writes.importJobs == 0, "\(writes)")
            #expect(ImportCommandTests.posts(try await workspace.summary()) == 0)
            let destination = workspace.emulator.endpoint("destination")!
            #expect(run.output.contains("destination: '\(destination.name)' (id \(destination.id), API \(destination.apiBase))"), "\(run.output)")
            #expect(run.output.contains("would send: "), "\(run.output)")
            #expect(run.output.contains("verdict: a real import would send everything: 200 records"), "\(run.output)")
            let files = try Self.reports(workspace)
            #expect(files.count == 1)
            let file = try #require(files.first)
            #expect(run.output.contains("report: \(workspace.workspace.relative(file))"), "\(run.output)")
            let report = try JSONParser.parse(try FileContents.read(path: file))
            #expect(report["wouldSendEverything"] == true)
            #expect(report["destination"]?["id"]?.stringValue == destination.id)
            #expect(report["totals"]?["send"]?.intValue == Int64(try ImportCommandTests.chunks(workspace, size: 50).count))

            // The real import: its plans are the dry run's chunks, and it sends everything, as said.
            let real = try workspace.runImport(["--chunk-size", "50"])
            #expect(real.status == 0, "\(real.output)\(real.error)")
            let state = try workspace.state()
            let planned = Self.hashes(report)
            #expect(!planned.isEmpty)
            for (window, chunks) in planned {
                #expect(state["import"]?["windows"]?[window]?["plan"]?["chunks"]?.arrayValue?.compactMap(\.stringValue) == chunks, "\(window)")
            }
            try await ImportCommandTests.expectExactly(try workspace.transformedExternalIds(), in: workspace)

            // Afterwards: every chunk already done, still no write.
            let posts = ImportCommandTests.posts(try await workspace.summary())
            let after = try workspace.runImport(["--chunk-size", "50", "--dry-run"])
            #expect(after.status == 0, "\(after.output)\(after.error)")
            #expect(after.output.contains("already done (completed per the state, not sent again): \(planned.values.reduce(0) { $0 + $1.count }) chunks, 200 records"), "\(after.output)")
            #expect(after.output.contains("verdict: nothing left to send"), "\(after.output)")
            #expect(ImportCommandTests.posts(try await workspace.summary()) == posts)
            let second = try JSONParser.parse(try FileContents.read(path: try #require(try Self.reports(workspace).last)))
            #expect(second["totals"]?["completed"]?.intValue == report["totals"]?["send"]?.intValue)
            #expect(second["estimate"]?["learnedFromJobs"]?.intValue == report["totals"]?["send"]?.intValue)
        }

        @Test("a queue mapped to an id the destination lacks: exit 3, the mapping entry named with what to change, no write")
        func missingQueue() async throws {
            let workspace = try ImportWorkspace(records: 200, days: 2)
            let missing = "0badc0de-0000-4000-8000-00000000beef"
            let entry = try workspace.mapMostUsedQueue(to: missing)
            let before = Self.stateBytes(workspace)

            let run = try workspace.runImport(["--chunk-size", "50", "--dry-run"])
            #expect(run.status == 3, "\(run.output)\(run.error)")
            #expect(run.output.contains("to change in \(workspace.workspace.mappingFile):"), "\(run.output)")
            #expect(run.output.contains("queues: '\(entry.sourceName)' (source id \(entry.sourceId)) maps to destination id \(missing), which the destination doesn't have"), "\(run.output)")
            #expect(run.output.contains("INVALID_REFERENCE"), "\(run.output)")
            #expect(run.output.contains("pre-flight check would stop the run"), "\(run.output)")
            #expect(run.output.contains("verdict: a real import would NOT send everything"), "\(run.output)")
            #expect(Self.stateBytes(workspace) == before)
            let writes = try await Self.writes(workspace)
            #expect(writes.nonGet == 0 && writes.importJobs == 0, "\(writes)")
            let report = try JSONParser.parse(try FileContents.read(path: try #require(try Self.reports(workspace).last)))
            #expect(report["wouldSendEverything"] == false && report["stoppedByPreflight"] == true)
            #expect(report["mappingFixes"]?.arrayValue?.first?["sourceId"]?.stringValue == entry.sourceId)

            // --json: the report on standard output, the summary on standard error; the same verdict.
            let json = try workspace.runImport(["--chunk-size", "50", "--dry-run", "--json"])
            #expect(json.status == 3)
            #expect(try JSONParser.parse(Array(json.output.utf8))["wouldSendEverything"] == false)
            #expect(json.error.contains("verdict: a real import would NOT send everything"), "\(json.error)")

            // And the real import agrees: its pre-flight check stops it, nothing sent.
            let real = try workspace.runImport(["--chunk-size", "50"])
            #expect(real.status == 3, "\(real.output)\(real.error)")
            #expect(ImportCommandTests.posts(try await workspace.summary()) == 0)
        }

        @Test("after a partial import: completed chunks already done, failed ones named; the mapping fixed and transformed again, the rest in doubt, exit 0, and the import agrees")
        func afterPartialImport() async throws {
            let (workspace, chunks) = try ImportCommandTests.invalidReferenceWorkspace()
            let first = try workspace.runImport(["--chunk-size", "50"])
            #expect(first.status == 2, "\(first.output)\(first.error)")
            let state = try workspace.state()
            let completed = ImportCommandTests.recordedChunks(state).filter { $0.chunk["status"] == "completed" }
            let failed = ImportCommandTests.recordedChunks(state).filter { $0.chunk["status"] == "failed" }
            try #require(!completed.isEmpty && !failed.isEmpty)
            let before = Self.stateBytes(workspace)
            let posts = ImportCommandTests.posts(try await workspace.summary())

            let run = try workspace.runImport(["--chunk-size", "50", "--dry-run"])
            #expect(run.status == 3, "\(run.output)\(run.error)")
            let completedRecords = completed.reduce(0) { $0 + Int($1.chunk["records"]?.intValue ?? 0) }
            #expect(run.output.contains("already done (completed per the state, not sent again): \(completed.count) chunk\(completed.count == 1 ? "" : "s"), \(completedRecords) records"), "\(run.output)")
            #expect(run.output.contains("recorded failed by an earlier run, not sent again: \(failed.count) chunk"), "\(run.output)")
            #expect(Self.stateBytes(workspace) == before)
            #expect(ImportCommandTests.posts(try await workspace.summary()) == posts)
            let report = try JSONParser.parse(try FileContents.read(path: try #require(try Self.reports(workspace).last)))
            #expect(report["totals"]?["completed"]?.intValue == Int64(completed.count))
            #expect(report["totals"]?["failed"]?.intValue == Int64(failed.count))
            #expect(report["totals"]?["chunks"]?.intValue == Int64(chunks.count))

            // Map the removed queue's sources elsewhere and transform again: the changed windows are planned again.
            let removed = try ImportCommandTests.removedQueue()
            var mapping = try MappingFile.read(path: workspace.workspace.mappingFile)
            let replacement = try #require(workspace.emulator.orgs[1].content.queues.first { $0.id != removed })
            var queues = mapping.queues
            for position in queues.indices where queues[position].destinationId == removed {
                queues[position].destinationId = replacement.id
                queues[position].destinationName = replacement.name
                queues[position].match = .manual
                queues[position].candidates = []
            }
            mapping.queues = queues
            try mapping.write(to: workspace.workspace.mappingFile)
            let transform = try workspace.transform()
            #expect(transform.status == 0, "\(transform.output)\(transform.error)")
            let fixed = try workspace.runImport(["--chunk-size", "50", "--dry-run"])
            #expect(fixed.status == 0, "\(fixed.output)\(fixed.error)")
            #expect(fixed.output.contains("in doubt, would be sent again"), "\(fixed.output)")
            #expect(fixed.output.contains("its window is planned again"), "\(fixed.output)")
            let plan = try JSONParser.parse(try FileContents.read(path: try #require(try Self.reports(workspace).last)))

            let real = try workspace.runImport(["--chunk-size", "50"])
            #expect(real.status == 0, "\(real.output)\(real.error)")
            try await ImportCommandTests.expectExactly(try workspace.transformedExternalIds(), in: workspace)
            let after = try workspace.state()
            for (window, hashes) in Self.hashes(plan) {
                #expect(after["import"]?["windows"]?[window]?["plan"]?["chunks"]?.arrayValue?.compactMap(\.stringValue) == hashes, "\(window)")
            }
        }

        @Test("--source-api without --dry-run is refused before any request; with it, the source is authenticated and shown")
        func sourceOption() async throws {
            let workspace = try ImportWorkspace(records: 100, days: 1)
            let refused = try workspace.runImport(["--source-api", workspace.sourceAPI])
            #expect(refused.status == 64, "\(refused.output)\(refused.error)")
            #expect(refused.error.contains("--dry-run"), "\(refused.error)")
            let source = workspace.emulator.endpoint("source")!
            // The export posted its jobs there; the dry run adds only GETs.
            let sourceWrites = workspace.emulator.orgs[0].apiRequestsByMethod().filter { $0.key != "GET" }
            let sourceGets = workspace.emulator.orgs[0].apiRequestsByMethod()["GET"] ?? 0
            let run = try workspace.runImport(["--dry-run", "--source-api", workspace.sourceAPI])
            #expect(run.status == 0, "\(run.output)\(run.error)")
            #expect(run.output.contains("source:      '\(source.name)' (id \(source.id), API \(source.apiBase))"), "\(run.output)")
            #expect(!run.output.contains("not authenticated"), "\(run.output)")
            #expect(workspace.emulator.orgs[0].apiRequestsByMethod().filter { $0.key != "GET" } == sourceWrites)
            #expect((workspace.emulator.orgs[0].apiRequestsByMethod()["GET"] ?? 0) > sourceGets, "the source was not asked who it is")
            let plain = try workspace.runImport(["--dry-run"])
            #expect(plain.output.contains("not authenticated: from the migration's files"), "\(plain.output)")
            #expect(!plain.output.contains(workspace.environment["DEST_CLIENT_SECRET"]!))
        }
    }
}
