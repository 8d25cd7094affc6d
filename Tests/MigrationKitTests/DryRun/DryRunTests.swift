import Essentials
import Foundation
import Testing

@testable import MigrationKit

@Suite("Dry run: the import's plan and checks, without a write")
struct DryRunTests {
    @Test("a clean migration: every chunk would be sent, nothing is written; the real import then plans and completes exactly those chunks")
    func cleanThenImport() async throws {
        let f = try DryRunFixture()
        try await f.transform([("2024-01-15", (0..<7).map { f.record($0) }), ("2024-01-16", (7..<10).map { f.record($0) })])
        let before = f.stateBytes()
        let report = try await f.dryRun(source: true)
        #expect(report.wouldSendEverything)
        #expect(report.chunks.map(\.status) == Array(repeating: .send, count: 4))
        #expect(report.windows.map { $0.chunks.map(\.records) } == [[3, 3, 1], [3]])
        #expect(report.recordsToSend == 10 && report.refusals.isEmpty && report.missingReferences.isEmpty)
        #expect(report.destination.id == (try f.harness.orgEndpoint("destination").id) && report.destination.authenticated)
        #expect(report.source.id == f.sourceOrgId && report.source.authenticated)
        #expect(report.schema.origin == .destination && report.schema.supportedVersions == ["v2.1"])
        #expect(f.destinationWrites == 0)
        #expect(f.stateBytes() == before, "the dry run changed the state")
        let file = try #require(report.reportFile)
        #expect(file.hasPrefix(f.workspace.reportsFolder + "/dry-run-") && file.hasSuffix(".json"))
        let written = try JSONParser.parse(try FileContents.read(path: file))
        #expect(written["wouldSendEverything"] == true)
        #expect(written["windows"]?.arrayValue?.first?["chunks"]?.arrayValue?.last?["chunk"]?.stringValue == report.windows[0].chunks[2].hash)
        // Estimate: 4 jobs, never seen before: the default guess, and the budget the GETs announced.
        #expect(report.estimate.posts == 4 && report.estimate.polls == 4 && report.estimate.learnedFromJobs == 0)
        #expect(report.estimate.allowed == 300 && report.estimate.requestFloorSeconds != nil)
        #expect(report.estimate.jobFloorSeconds == 4 * report.estimate.defaultJobSeconds)

        let summary = try await f.importAll()
        #expect(summary.isComplete)
        let state = try StateStore(f.workspace, access: .readOnly)
        let plans = await state.state.imports.plans
        for window in report.windows {
            #expect(plans[window.window]?.chunks == window.chunks.map(\.hash), "\(window.window)")
            #expect(plans[window.window]?.transformedSHA256 == window.transformedSHA256)
        }
        // Run again: everything is done, and the job times are learned from the state.
        let again = try await f.dryRun()
        #expect(again.wouldSendEverything)
        #expect(again.chunks.allSatisfy { $0.status == .completed })
        #expect(again.recordsDone == 10 && again.recordsToSend == 0)
        #expect(again.estimate.posts == 0)
        let chunks = await state.state.imports.windows.values.flatMap(\.values)
        #expect(chunks.allSatisfy { $0.jobCreatedDate != nil && $0.jobCompletedDate != nil })
        #expect(DryRunEstimate.learnedJobs(from: await state.state.imports).count == 4)
    }

    @Test("an externalId twice in one chunk, in two chunks and in two windows: DUPLICATE_KEY for each later one; --reconcile-duplicates leaves them out")
    func duplicates() async throws {
        let f = try DryRunFixture()
        // Chunk 0: 0, 1, 1 (twice in the chunk); chunk 1: 2, 3, 0 (again, from chunk 0); window 2: 3 (again, another window).
        try await f.transform([("2024-01-15", [0, 1, 1, 2, 3, 0].map { f.record($0) }), ("2024-01-16", [f.record(3), f.record(4)])])
        let report = try await f.dryRun()
        #expect(!report.wouldSendEverything)
        #expect(report.chunks.map(\.status) == [.refused, .refused, .refused])
        let findings = report.chunks.flatMap(\.findings)
        #expect(findings.allSatisfy { $0.code == .duplicateKey })
        #expect(findings.map(\.externalId) == [f.externalId(1), f.externalId(0), f.externalId(3)])
        #expect(findings.map(\.recordIndex) == [2, 2, 0])
        #expect(findings[0].message.contains("an earlier record of this chunk"))
        #expect(findings[1].message.contains("chunk 2024-01-15#0 carries it too"))
        #expect(findings[2].message.contains("chunk 2024-01-15#1 carries it too"))
        #expect(report.refusals.map(\.code) == [.duplicateKey] && report.refusals[0].records == 3 && report.refusals[0].windows == ["2024-01-15", "2024-01-16"])
        // Unique ids pass.
        let clean = try DryRunFixture()
        try await clean.transform([("2024-01-15", (0..<6).map { clean.record($0) })])
        #expect(try await clean.dryRun().chunks.allSatisfy { $0.findings.isEmpty })

        let reconciled = try await f.dryRun(DryRun.Options(chunkSize: 3, reconcileDuplicates: true))
        #expect(reconciled.wouldSendEverything)
        #expect(reconciled.chunks.map(\.alreadyHeld) == [1, 1, 1])
        #expect(reconciled.estimate.posts == 6, "each chunk sent, then sent again without its duplicate")
    }

    @Test("references the destination doesn't have: INVALID_REFERENCE at their paths, the pre-flight stop, and the mapping entry to change")
    func invalidReference() async throws {
        let f = try DryRunFixture()
        let missing = "0badc0de-0000-4000-8000-00000000beef"
        var mapping = MappingFile(generatedAt: ISOTimestamp(year: 2024, month: 1, day: 1),
                                  source: MappingFile.Org(orgId: f.sourceOrgId, orgName: "Acme Prod", apiBase: "http://127.0.0.1:1"),
                                  destination: MappingFile.Org(orgId: try f.harness.orgEndpoint("destination").id, orgName: "Acme New", apiBase: "http://127.0.0.1:2"))
        mapping.queues = [MappingEntry(sourceId: "src-queue-1", sourceName: f.queues[1].name, destinationId: missing, destinationName: nil, match: .manual),
                          MappingEntry(sourceId: "src-queue-0", sourceName: f.queues[0].name, destinationId: f.queues[0].id, destinationName: f.queues[0].name, match: .exact)]
        try mapping.write(to: f.workspace.mappingFile)
        try await f.transform([("2024-01-15", [f.record(0), f.record(1, queue: missing), f.record(2), f.record(3), f.record(4), f.record(5)])])
        let report = try await f.dryRun()
        #expect(!report.wouldSendEverything && report.stoppedByPreflight)
        #expect(report.chunks.map(\.status) == [.refused, .send])
        let findings = report.chunks[0].findings
        #expect(findings.map(\.path) == ["routing.queue.id", "participants[0].queueId"])
        #expect(findings.allSatisfy { $0.code == .invalidReference && $0.id == missing && $0.recordIndex == 1 && $0.entityType == "queue" })
        #expect(report.chunks[0].refusedRecords == [.invalidReference: 1])
        #expect(report.missingReferences == [MissingReference(kind: .queues, id: missing, records: 1,
                                                              mappingEntries: ["'\(f.queues[1].name)' (source id src-queue-1)"])])
        let fix = try #require(report.mappingFixes.first)
        #expect(report.mappingFixes.count == 1)
        #expect(fix.sourceId == "src-queue-1" && fix.destinationId == missing)
        // The destination queue of the same name is the one to map to.
        #expect(fix.suggestions.contains { $0.id == f.queues[1].id }, "\(fix.suggestions)")
        #expect(fix.line.hasPrefix("queues: '\(f.queues[1].name)' (source id src-queue-1) maps to destination id \(missing), which the destination doesn't have"))
        #expect(f.destinationWrites == 0)
    }

    @Test("the synchronous rules in a window: the chunks with offenders refused with every code, the others would be sent")
    func synchronousRules() async throws {
        let f = try DryRunFixture()
        try await f.transform([("2024-01-15", [
            f.record(0, extra: [("id", "x")]), f.record(1, extra: [("sentiment", ["score": 1])]), f.record(2, extra: [("transcripts", [])]),
            f.record(3), f.record(4), f.record(5),
            f.record(6, extra: [("state", .null)]),
        ])])
        let report = try await f.dryRun()
        #expect(report.chunks.map(\.status) == [.refused, .send, .refused])
        #expect(report.chunks[0].refusedRecords == [.immutableField: 1, .unknownField: 2])
        #expect(report.chunks[0].findings.map(\.field) == ["id", "sentiment", "transcripts"])
        #expect(report.chunks[2].refusedRecords == [.badRequest: 1])
        #expect(report.refusals.map(\.code) == [.badRequest, .immutableField, .unknownField])
        #expect(!report.stoppedByPreflight && !report.wouldSendEverything)
    }

    @Test("a schema version the destination doesn't support refuses every chunk as SCHEMA_INCOMPATIBLE")
    func schemaIncompatible() async throws {
        let f = try DryRunFixture()
        try await f.transform([("2024-01-15", (0..<4).map { f.record($0) })])
        let report = try await f.dryRun(DryRun.Options(chunkSize: 3, schemaVersion: "v2.2"))
        #expect(report.schema.supportedVersions == ["v2.1"] && report.schema.fields == nil)
        #expect(report.chunks.map(\.status) == [.refused, .refused])
        #expect(report.chunks.map { $0.refusedRecords[.schemaIncompatible] } == [3, 1])
        // The hashes are those of v2.2 bodies: another version is other chunks.
        let v21 = try await f.dryRun()
        #expect(v21.wouldSendEverything && Set(v21.chunks.map(\.hash)).isDisjoint(with: report.chunks.map(\.hash)))
    }

    @Test("by the state: completed is already done, submitting in doubt, submitted polled, failed not sent again; a changed plan sends the rest in doubt")
    func standingByState() async throws {
        let f = try DryRunFixture()
        try await f.transform([("2024-01-15", (0..<12).map { f.record($0) }), ("2024-01-16", (12..<15).map { f.record($0) })])
        let first = try await f.dryRun()
        let hashes = first.windows[0].chunks.map(\.hash)
        let configuration = ImportConfiguration(sourceOrgId: f.sourceOrgId, destinationOrgId: try f.harness.orgEndpoint("destination").id,
                                                schemaVersion: "v2.1", chunkSize: 3)
        try await f.record([
            .importConfiguration(configuration),
            .importPlan(window: "2024-01-15", ImportWindowPlan(transformedSHA256: first.windows[0].transformedSHA256, records: 12, chunks: hashes)),
            .importChunk(window: "2024-01-15", chunk: hashes[0], ImportChunkState(index: 0, records: 3, status: .completed, importId: "i0")),
            .importChunk(window: "2024-01-15", chunk: hashes[1], ImportChunkState(index: 1, records: 3, status: .submitting)),
            .importChunk(window: "2024-01-15", chunk: hashes[2], ImportChunkState(index: 2, records: 3, status: .submitted, importId: "i2")),
            .importChunk(window: "2024-01-15", chunk: hashes[3], ImportChunkState(index: 3, records: 3, status: .failed, importId: "i3",
                                                                                  errors: ["record 0: DUPLICATE_KEY"], failure: .duplicateKey)),
            // The second window was planned from another file: its chunks are now in doubt.
            .importPlan(window: "2024-01-16", ImportWindowPlan(transformedSHA256: String(repeating: "0", count: 64), records: 3, chunks: ["old"])),
            .importChunk(window: "2024-01-16", chunk: "old", ImportChunkState(index: 0, records: 3, status: .completed, importId: "i9")),
        ])
        let before = f.stateBytes()
        let report = try await f.dryRun()
        #expect(report.windows[0].chunks.map(\.status) == [.completed, .inDoubt, .poll, .failed])
        #expect(report.windows[0].chunks[2].importId == "i2")
        #expect(report.windows[1].chunks.map(\.status) == [.inDoubt])
        #expect(report.windows[1].replannedBecause?.contains("transformed file changed") == true)
        #expect(report.windows[1].earlierPlanRecords == 3)
        #expect(report.recordsDone == 3 && report.recordsToSend == 9)
        #expect(!report.wouldSendEverything, "a chunk recorded failed is not sent again")
        #expect(f.stateBytes() == before)
        // --reconcile-duplicates sends the DUPLICATE_KEY failure again, in doubt.
        let reconciling = try await f.dryRun(DryRun.Options(chunkSize: 3, reconcileDuplicates: true))
        #expect(reconciling.windows[0].chunks.map(\.status) == [.completed, .inDoubt, .poll, .inDoubt])
        #expect(reconciling.wouldSendEverything)
        // --new-state: nothing done yet.
        let fresh = try await f.dryRun(DryRun.Options(chunkSize: 3, newState: true))
        #expect(fresh.chunks.allSatisfy { $0.status == .send })
        // Another chunk size than the recorded one: the import would refuse to go on.
        let other = try await f.dryRun(DryRun.Options(chunkSize: 4))
        #expect(other.problems.count == 1 && other.problems[0].contains("chunk size: recorded 3, now 4"), "\(other.problems)")
        #expect(!other.wouldSendEverything)
    }

    @Test("a record the state says is imported, sent again in a chunk never in doubt, is DUPLICATE_KEY; in an in-doubt chunk it is left out")
    func duplicateOfImported() async throws {
        let f = try DryRunFixture()
        // Record 1 is in chunk 0 (completed) and again in chunk 1 (to send) and chunk 2 (in doubt).
        try await f.transform([("2024-01-15", [0, 1, 2, 3, 1, 4, 5, 1, 6].map { f.record($0) })])
        let hashes = try await f.dryRun().chunks.map(\.hash)
        let windowSHA = try await f.dryRun().windows[0].transformedSHA256
        try await f.record([
            .importPlan(window: "2024-01-15", ImportWindowPlan(transformedSHA256: windowSHA, records: 9, chunks: hashes)),
            .importChunk(window: "2024-01-15", chunk: hashes[0], ImportChunkState(index: 0, records: 3, status: .completed)),
            .importChunk(window: "2024-01-15", chunk: hashes[2], ImportChunkState(index: 2, records: 3, status: .submitting, inDoubt: true)),
        ])
        let report = try await f.dryRun()
        #expect(report.chunks.map(\.status) == [.completed, .refused, .inDoubt])
        #expect(report.chunks[1].findings.map(\.externalId) == [f.externalId(1)])
        #expect(report.chunks[1].findings.first?.message.contains("chunk 2024-01-15#0 is completed per the state") == true)
        #expect(report.chunks[2].alreadyHeld == 1 && report.chunks[2].findings.isEmpty)
    }

    @Test("windows the import would not send are reported, not thrown: blocked by the transform, a transformed file changed since")
    func blockedWindows() async throws {
        let f = try DryRunFixture()
        try await f.transform([("2024-01-15", (0..<3).map { f.record($0) }), ("2024-01-16", (3..<6).map { f.record($0) })], blocked: ["2024-01-17"])
        try AtomicFileWriter.write(Array("{\"externalId\":\"x\"}\n".utf8), to: f.workspace.transformedFile(window: "2024-01-16"))
        let report = try await f.dryRun()
        #expect(report.windows.map(\.window) == ["2024-01-15"])
        #expect(report.blockedWindows.map(\.window) == ["2024-01-16", "2024-01-17"])
        #expect(report.blockedWindows[0].reason.contains("is not the file the transform wrote"))
        #expect(report.blockedWindows[1].reason.contains("blocked by unmapped references"))
        #expect(!report.wouldSendEverything)
    }

    @Test("a destination without the interaction API (a Genesys Cloud org): the import could not run, the schema comes from the state, references are still checked")
    func noImportAPI() async throws {
        let f = try DryRunFixture { $0.servesInteractionExport = false }
        try await f.transform([("2024-01-15", [f.record(0), f.record(1, queue: "0badc0de-0000-4000-8000-00000000beef"),
                                               f.record(2, extra: [("sentiment", 1)])])])
        var report = try await f.dryRun()
        #expect(report.problems.count == 1 && report.problems[0].contains("has no interaction import API"), "\(report.problems)")
        #expect(report.schema.origin == .unknown && report.schema.supportedVersions == nil)
        #expect(report.chunks.first?.refusedRecords == [.invalidReference: 1], "without a schema, sentiment is not checked")
        #expect(!report.wouldSendEverything)
        // With the schema the transform kept, unknown fields are checked too.
        try await f.record([.transformSchema(DestinationSchema(version: "v2.1", fields: ImportRulesTests.v21))])
        report = try await f.dryRun()
        #expect(report.schema.origin == .stateFile)
        #expect(report.chunks.first?.refusedRecords == [.invalidReference: 1, .unknownField: 1])
        #expect(f.destinationWrites == 0)
    }

    @Test("what keeps the import from starting is thrown as the import throws it: nothing transformed, the destination is the source")
    func refusedToStart() async throws {
        let f = try DryRunFixture()
        await #expect(throws: ImportPhaseError.unknownSourceOrg(mappingFile: f.workspace.mappingFile)) { _ = try await f.dryRun() }
        try await f.record([.exportSource(id: f.sourceOrgId, name: "Acme Prod")])
        await #expect(throws: ImportPhaseError.nothingTransformed(migration: "acme")) { _ = try await f.dryRun() }
        try await f.transform([("2024-01-15", [f.record(0)])])
        let store = try StateStore(f.workspace, access: .readOnly)
        let asSource = DryRun(workspace: f.workspace, destination: try f.harness.client("source"), source: nil, options: DryRun.Options())
        let error = await #expect(throws: ImportPhaseError.self) { _ = try await asSource.run(store: store) }
        guard case .sameOrg(let id, _)? = error else {
            Issue.record("expected sameOrg, got \(String(describing: error))")
            return
        }
        #expect(id == f.sourceOrgId)
        #expect(f.harness.emulator.orgs[0].apiRequestsByMethod()["POST"] == nil)
        #expect(f.destinationWrites == 0)
    }

    @Test("job times are learned as the jobs ran one after another; the estimate is the larger floor and says which")
    func estimate() {
        func chunk(_ created: String, _ completed: String, records: Int = 3) -> ImportChunkState {
            ImportChunkState(index: 0, records: records, status: .completed, jobCreatedDate: created, jobCompletedDate: completed)
        }
        // Three jobs accepted at once, run one at a time: 2 s each, although the last waited 6 s.
        let imports = ImportState(windows: ["w": [
            "a": chunk("2024-01-01T00:00:00.000Z", "2024-01-01T00:00:02.000Z"),
            "b": chunk("2024-01-01T00:00:00.000Z", "2024-01-01T00:00:04.000Z"),
            "c": chunk("2024-01-01T00:00:00.000Z", "2024-01-01T00:00:06.000Z"),
            "d": ImportChunkState(index: 0, records: 3, status: .completed),  // recorded before the times were kept
        ]])
        let learned = DryRunEstimate.learnedJobs(from: imports)
        #expect(learned.map(\.seconds) == [2, 2, 2])
        let jobs = DryRunEstimate.make(jobRecords: [3, 3, 3, 3, 3], extraPolls: 1, fixedRequests: 4, budget: (allowed: 300, windowSeconds: 60),
                                       learned: learned, defaultJobSeconds: 1)
        #expect(jobs.jobFloorSeconds == 10 && jobs.requests == 5 + 6 + 4 && jobs.bound == .jobs && jobs.seconds == 10)
        // 15 requests fit in one window of 300: no wait for the budget.
        #expect(jobs.requestFloorSeconds == 0)
        let budget = DryRunEstimate.make(jobRecords: Array(repeating: 3, count: 100), extraPolls: 0, fixedRequests: 4,
                                         budget: (allowed: 10, windowSeconds: 60), learned: learned, defaultJobSeconds: 1)
        // 204 requests, 10 per 60 s: the 194 beyond the first window take 19.4 windows.
        #expect(budget.bound == .rateBudget && budget.seconds == 194.0 * 60 / 10)
        let guess = DryRunEstimate.make(jobRecords: [3, 3], extraPolls: 0, fixedRequests: 1, budget: nil, learned: [], defaultJobSeconds: 1.5)
        #expect(guess.learnedFromJobs == 0 && guess.jobFloorSeconds == 3 && guess.requestFloorSeconds == nil && guess.bound == .jobs)
    }

    @Test("the job times kept with a completed chunk survive the state file; a state file without them still reads")
    func jobTimesInState() async throws {
        let w = try StateStoreTests.workspace()
        defer { StateStoreTests.cleanUp(w) }
        let timed = ImportChunkState(index: 0, records: 3, status: .completed, importId: "i",
                                     jobCreatedDate: "2024-01-01T00:00:00.000Z", jobCompletedDate: "2024-01-01T00:00:02.500Z")
        let store = try StateStore(w)
        try await store.record([.importChunk(window: "w", chunk: "a", timed),
                                .importChunk(window: "w", chunk: "b", ImportChunkState(index: 1, records: 3, status: .completed))])
        try await store.close()
        let text = String(decoding: try FileContents.read(path: w.stateFile), as: UTF8.self)
        #expect(text.contains("\"jobCompletedDate\""))
        let reopened = try StateStore(w, access: .readOnly)
        #expect(await reopened.state.imports.windows["w"]?["a"] == timed)
        #expect(await reopened.state.imports.windows["w"]?["b"]?.jobCreatedDate == nil)
    }
}
