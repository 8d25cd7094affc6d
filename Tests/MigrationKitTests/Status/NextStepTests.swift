import Essentials
@testable import MigrationKit
import Testing

@Suite("Status: the next step")
struct NextStepTests {
    typealias F = StatusFixtures

    // MARK: - Before anything is exported

    @Test("nothing recorded: mappings generate with REGION placeholders, and the status says so")
    func nothingRecorded() {
        let status = F.status(MigrationState(), mapping: F.mappingStatus(nil), recorded: false)
        #expect(!status.isRecorded)
        #expect(status.next.command == "interaction-migrate mappings generate --name acme --source-region REGION --dest-region REGION")
        #expect(status.next.hasPlaceholders)
        #expect(status.next.reason.contains("replace each REGION"))
        #expect(status.lines.contains { $0.contains("nothing is recorded") })
    }

    @Test("a state without its mapping file: generate the mapping file again")
    func mappingMissing() {
        let status = F.status(F.exported(2), mapping: F.mappingStatus(nil))
        #expect(status.isRecorded)
        #expect(status.next.arguments.prefix(2) == ["mappings", "generate"])
        #expect(status.next.reason.contains("is missing"))
    }

    @Test("open mapping entries and nothing exported: edit the named entries, then export (dates to fill in)")
    func openEntries() {
        let open = [MappingEntry(sourceId: "q-src-2", sourceName: "Sales", match: .unmatched),
                    MappingEntry(sourceId: "q-src-3", sourceName: "Support", match: .ambiguous,
                                 candidates: [.init(id: "x", name: "support"), .init(id: "y", name: "Support ")])]
        let status = F.status(MigrationState(), mapping: F.mappingStatus(F.mapping(open: open)))
        #expect(status.next.command == "interaction-migrate export --name acme --source-region us-east-1 --from YYYY-MM-DD --to YYYY-MM-DD")
        #expect(status.next.hasPlaceholders)
        #expect(status.next.reason.contains("2 mapping entries need a decision"))
        #expect(status.next.reason.contains("queue \"Sales\" (source id q-src-2) is unmatched"))
        #expect(status.next.reason.contains("queue \"Support\" (source id q-src-3) is ambiguous"))
        #expect(status.next.reason.contains("./mappings/acme.json"))
    }

    @Test("a resolved mapping and nothing exported: export, with the range to fill in")
    func nothingExported() {
        let status = F.status(MigrationState())
        #expect(status.next.arguments.first == "export")
        #expect(status.next.reason.hasPrefix("nothing is exported yet"))
        #expect(status.next.reason.contains("interaction-migrate run"))
    }

    // MARK: - Export

    @Test("a failed window: the export again over the recorded range, with the workspace and the source region")
    func exportFailed() {
        let state = F.exported(3) { $0 == 1 ? .failed : .completed }
        let status = F.status(state, mapping: F.mappingStatus(root: "/srv/mig"), root: "/srv/mig")
        #expect(status.next.command == "interaction-migrate export --name acme --workspace /srv/mig --source-region us-east-1 --from 2024-03-01 --to 2024-03-04")
        #expect(!status.next.hasPlaceholders)
        #expect(status.next.reason.contains("1 of 3 export windows are not complete"))
        #expect(status.next.reason.contains("export.failed"))
    }

    @Test("a window with a job in flight, 6-hour windows: --window 6h makes the same windows")
    func exportUnfinished() {
        let state = F.exported(4, hours: 6) { $0 == 3 ? .submitted : .completed }
        let status = F.status(state)
        #expect(status.next.arguments.suffix(6) == ["--from", "2024-03-01", "--to", "2024-03-02", "--window", "6h"])
        #expect(status.next.reason.contains("has a job in flight"))
    }

    @Test("windows of two separate exports: the range of the windows not complete, not the span between")
    func exportGaps() {
        var state = F.exported(2)
        let late = F.window(10)
        state.export.windows[late.name] = ExportWindowState(start: late.start, end: late.end, sourceKind: "analytics", status: .failed)
        let range = try! #require(F.status(state).export.range)
        #expect(range.from == late.start)
        #expect(range.to == late.end)
        #expect(range.window == nil)
    }

    @Test("an API base that is no region's is named with --source-api")
    func sourceAPI() {
        let emulator = MappingFile.Org(orgId: "s", orgName: "Emu", apiBase: "http://127.0.0.1:40123/")
        let status = F.status(F.exported(1) { _ in .failed }, mapping: F.mappingStatus(F.mapping(source: emulator)))
        #expect(status.next.arguments.contains("--source-api"))
        #expect(status.next.arguments.contains("http://127.0.0.1:40123"))
    }

    // MARK: - Transform

    @Test("exported, not transformed: transform, naming the destination (no schema kept yet)")
    func notTransformed() {
        let status = F.status(F.exported(3))
        #expect(status.next.command == "interaction-migrate transform --name acme --dest-region eu-west-1")
        #expect(status.next.reason.contains("3 exported windows are not transformed yet"))
    }

    @Test("a window blocked by unmapped references: transform, naming the unmapped report and the mapping file")
    func blocked() {
        var state = F.transformedState(3)
        let name = state.transform.windows.keys.sorted()[1]
        state.transform.windows[name] = F.transformed(name, blocked: true)
        let status = F.status(state)
        #expect(status.next.command == "interaction-migrate transform --name acme", "the schema is kept: no org needed")
        #expect(status.next.reason.contains("./state/acme/reports/transform.unmapped.json"))
        #expect(status.next.reason.contains("./mappings/acme.json"))
        #expect(status.next.reason.contains("1 window is blocked by unmapped references (7 records)"))
        #expect(status.transform.blockedRecords == 7)
    }

    @Test("the mapping file changed since the transform, or a window was exported again: transform again")
    func outdated() {
        let state = F.transformedState(2)
        let edited = F.status(state, mapping: F.mappingStatus(sha256: String(repeating: "n", count: 64)))
        #expect(edited.next.arguments.first == "transform")
        #expect(edited.next.reason.contains("2 windows to transform again (the mapping file changed since the transform)"))
        var reexported = state
        let name = reexported.export.windows.keys.sorted()[0]
        reexported.export.windows[name]!.sha256 = "other"
        let again = F.status(reexported)
        #expect(again.next.reason.contains("1 window to transform again (exported again since the transform)"))
    }

    @Test("skip-record windows are transformed again with --on-unmapped skip-record")
    func skipRecordPolicy() {
        var state = F.exported(2)
        state.transform.destinationSchema = DestinationSchema(version: "v2.1", fields: ["id"])
        let first = state.export.windows.keys.sorted()[0]
        state.transform.windows[first] = F.transformed(first, policy: .skipRecord)
        #expect(F.status(state).next.command == "interaction-migrate transform --name acme --on-unmapped skip-record")
    }

    // MARK: - Import

    @Test("everything transformed, nothing imported: import against the destination's API base")
    func nothingImported() {
        let emulator = MappingFile.Org(orgId: "d", orgName: "Emu dest", apiBase: "http://127.0.0.1:40124")
        let status = F.status(F.transformedState(3), mapping: F.mappingStatus(F.mapping(destination: emulator)))
        #expect(status.next.command == "interaction-migrate import --name acme --dest-api http://127.0.0.1:40124")
        #expect(status.next.reason.contains("nothing is imported yet: 300 transformed records in 3 windows"))
    }

    @Test("chunks submitted, in doubt and not sent: import again, with the recorded chunk size")
    func importPending() {
        let state = F.planned(F.transformedState(2)) { window, chunk in
            window == 0 ? .completed : (chunk == 0 ? .submitted : .submitting)
        }
        var withUnsent = state
        let second = withUnsent.transform.windows.keys.sorted()[1]
        withUnsent.imports.plans[second]!.chunks.append("\(second)-chunk-2")
        withUnsent.imports.plans[second]!.records = 150
        let status = F.status(withUnsent)
        #expect(status.next.command == "interaction-migrate import --name acme --dest-region eu-west-1 --chunk-size 50")
        #expect(status.next.reason.contains("3 import chunks are not completed: 1 not sent yet, 1 in doubt"))
        #expect(status.next.reason.contains("1 submitted"))
        let chunks = status.imports.chunks
        #expect((chunks.completed, chunks.submitted, chunks.inDoubt, chunks.failed, chunks.notSent) == (2, 1, 1, 0, 1))
        #expect(status.imports.importedRecords == 100)
    }

    @Test("INVALID_REFERENCE: fix the named mapping entries, then transform (before sending the rest)")
    func invalidReference() {
        let errors = ["record 3: INVALID_REFERENCE routing.queue.id: queue q-dst-1 is not in the destination",
                      "record 9: INVALID_REFERENCE participants[0].queueId: queue q-dst-1 is not in the destination"]
        let state = F.planned(F.transformedState(2), chunk: { window, chunk in
            window == 1 && chunk == 1 ? .failed : (window == 1 ? nil : .completed)
        }, failure: .invalidReference, errors: errors)
        let status = F.status(state)
        #expect(status.next.command == "interaction-migrate transform --name acme")
        #expect(status.next.reason.contains("1 import chunk failed with INVALID_REFERENCE"))
        #expect(status.next.reason.contains("q-dst-1 (from queue \"Billing\" (source id q-src-1))"))
        #expect(status.imports.failedChunks.first?.missingIds == ["q-dst-1"])
        #expect(status.imports.windows[1].lastError == errors[0])
    }

    @Test("DUPLICATE_KEY failures, everything else settled: import --reconcile-duplicates")
    func duplicateKey() {
        let state = F.planned(F.transformedState(1), chunk: { _, chunk in chunk == 0 ? .failed : .completed },
                              failure: .duplicateKey, errors: ["record 0: DUPLICATE_KEY: the destination already holds externalId x"])
        let status = F.status(state)
        #expect(status.next.command == "interaction-migrate import --name acme --dest-region eu-west-1 --chunk-size 50 --reconcile-duplicates")
        #expect(status.next.reason.contains("DUPLICATE_KEY"))
    }

    @Test("a chunk refused for another reason: fix what the errors name, then transform")
    func refused() {
        let state = F.planned(F.transformedState(1), chunk: { _, chunk in chunk == 0 ? .failed : .completed },
                              failure: .rejected, errors: ["413 payload.too.large: too large (correlation id c)"])
        let status = F.status(state)
        #expect(status.next.arguments.first == "transform")
        #expect(status.next.reason.contains("413 payload.too.large"))
        #expect(status.imports.windows[0].standing == .failed)
    }

    @Test("transformed again since the chunks were planned: import plans the window again")
    func planAgain() {
        var state = F.planned(F.transformedState(2))
        let name = state.transform.windows.keys.sorted()[0]
        state.imports.plans[name]!.transformedSHA256 = "older"
        let status = F.status(state)
        #expect(status.next.arguments.first == "import")
        #expect(status.imports.windows[0].standing == .planAgain)
        #expect(status.next.reason.contains("1 window was transformed again since planned"))
    }

    @Test("everything imported: verify against the destination")
    func everythingImported() {
        let status = F.status(F.planned(F.transformedState(3)))
        #expect(status.imports.isDone)
        #expect(status.next.command == "interaction-migrate verify --name acme --dest-region eu-west-1")
        #expect(status.next.reason.contains("300 records in 6 chunks"))
    }

    @Test("a process holding the lock is named in the reason, the command is unchanged")
    func inUse() {
        let state = F.planned(F.transformedState(1)) { _, chunk in chunk == 0 ? .completed : .submitting }
        let status = F.status(state, inUseBy: 4242)
        #expect(status.next.arguments.first == "import")
        #expect(status.next.reason.contains("process 4242 holds ./state/acme.lock"))
        #expect(status.lines.contains { $0.hasPrefix("in use:") && $0.contains("4242") })
    }

    // MARK: - The command line

    @Test("words a shell would split or expand are single-quoted")
    func quoting() {
        #expect(NextStep.quoted("plain-word_1.2/x:y@z") == "plain-word_1.2/x:y@z")
        #expect(NextStep.quoted("two words") == "'two words'")
        #expect(NextStep.quoted("it's") == "'it'\\''s'")
        #expect(NextStep.quoted("") == "''")
        #expect(NextStep.quoted("$HOME") == "'$HOME'")
        let status = F.status(F.exported(1), mapping: F.mappingStatus(root: "/tmp/my migrations"), root: "/tmp/my migrations")
        #expect(status.next.command.contains("--workspace '/tmp/my migrations'"))
    }

    @Test(arguments: [("https://api.mypurecloud.ie", OrgLocation.region("eu-west-1")), ("HTTPS://API.MYPURECLOUD.COM/", .region("us-east-1")),
                      ("https://api.euw2.pure.cloud", .region("eu-west-2")), ("http://127.0.0.1:9", .api("http://127.0.0.1:9")),
                      ("", .unknown)] as [(String, OrgLocation)])
    func orgLocation(_ apiBase: String, _ expected: OrgLocation) {
        #expect(OrgLocation(apiBase: apiBase) == expected)
    }
}
