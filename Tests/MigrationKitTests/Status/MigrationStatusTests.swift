import Essentials
import Foundation
@testable import MigrationKit
import Testing

@Suite("Status: text, JSON, reading")
struct MigrationStatusTests {
    typealias F = StatusFixtures

    @Test("one line per window per phase (40 windows), totals per phase, and the next command last")
    func textLines() {
        let state = F.planned(F.transformedState(40)) { window, chunk in window == 39 && chunk == 1 ? .submitted : .completed }
        let lines = F.status(state).lines
        #expect(lines.last == "next: interaction-migrate import --name acme --dest-region eu-west-1 --chunk-size 50")
        #expect(lines[lines.count - 2].hasPrefix("why:  "))
        #expect(lines.contains("source:      Acme Prod (aaaaaaaa-0000-4000-8000-000000000001) at https://api.mypurecloud.com"))
        #expect(lines.contains("destination: Acme EU (bbbbbbbb-0000-4000-8000-000000000002) at https://api.mypurecloud.ie"))
        let window = F.window(0).name
        #expect(lines.filter { $0.hasPrefix("  \(window)  ") }.count == 3, "one line per phase")
        #expect(lines.filter { $0.hasPrefix("  2024") }.count == 120)
        #expect(lines.contains { $0.hasPrefix("export: 40 of 40 windows complete, 0 failed, 0 unfinished; 4000 records exported") })
        #expect(lines.contains { $0.hasPrefix("transform: 40 of 40 windows transformed") && $0.contains("4000 records in, 4000 out, 0 rejected") })
        #expect(lines.contains { $0.hasPrefix("import: 39 of 40 windows complete; chunks: 79 completed, 1 submitted, 0 in doubt, 0 failed, 0 not yet sent; 3950 of 4000 records imported") })
        let last = F.window(39).name
        #expect(lines.contains { $0.hasPrefix("  \(last)  pending") && $0.contains("2 chunks: 1 completed, 1 submitted; 50 of 100 records imported") })
    }

    @Test("a failed export window's line carries its last error; a blocked window says how many records")
    func errorLines() {
        var state = F.exported(2) { $0 == 0 ? .failed : .completed }
        let name = F.window(1).name
        state.transform.windows[name] = F.transformed(name, blocked: true)
        let lines = F.status(state).lines
        #expect(lines.contains { $0.hasPrefix("  \(F.window(0).name)  failed") && $0.contains("last error: the job failed: FAILED (export.failed)") })
        #expect(lines.contains { $0.hasPrefix("  \(name)  blocked") && $0.contains("7 records blocked by 1 unmapped reference") })
    }

    @Test("--json carries the same content and next.command / next.reason")
    func json() throws {
        let state = F.planned(F.transformedState(2), chunk: { _, chunk in chunk == 0 ? .failed : .completed },
                              failure: .duplicateKey, errors: ["record 0: DUPLICATE_KEY: the destination already holds externalId x"])
        let status = F.status(state)
        let text = try JSONWriter.string(status.jsonValue, style: .compact)
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["next"]?["command"]?.stringValue == status.next.command)
        #expect(value["next"]?["reason"]?.stringValue == status.next.reason)
        #expect(value["next"]?["arguments"]?.arrayValue?.first == "interaction-migrate")
        #expect(value["source"]?["orgName"] == "Acme Prod")
        #expect(value["export"]?["windows"]?.arrayValue?.count == 2)
        #expect(value["export"]?["range"]?["from"] == "2024-03-01T00:00:00.000Z")
        #expect(value["import"]?["totals"]?["chunks"]?["failed"]?.intValue == 2)
        #expect(value["import"]?["windows"]?.arrayValue?.first?["failedChunks"]?.arrayValue?.first?["failure"] == "duplicateKey")
        #expect(value["import"]?["configuration"]?["chunkSize"]?.intValue == 50)
    }

    @Test("the lock holder is read from a /proc/locks table by device and inode; waiters and other files are not holders")
    func lockTable() {
        let table = """
            1: POSIX  ADVISORY  WRITE 25068 fe:00:16270643 1073741824 1073742335
            2: FLOCK  ADVISORY  WRITE 4242 fe:00:16221838 0 EOF
            2: -> FLOCK  ADVISORY  WRITE 5151 fe:00:16221838 0 EOF
            3: FLOCK  ADVISORY  WRITE 6161 fe:01:16221838 0 EOF
            """
        #expect(LockProbe.holder(in: table, major: 0xfe, minor: 0, inode: 16221838) == 4242)
        #expect(LockProbe.holder(in: table, major: 0xfe, minor: 1, inode: 16221838) == 6161)
        #expect(LockProbe.holder(in: table, major: 0xfe, minor: 0, inode: 1) == nil)
    }

    // MARK: - Reading from disk

    static func workspace() throws -> MigrationWorkspace {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("status-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return try MigrationWorkspace(root: root, name: "acme")
    }

    /// Every file under the workspace with its bytes.
    static func files(_ workspace: MigrationWorkspace) -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: workspace.root)
        while let path = enumerator?.nextObject() as? String {
            let full = workspace.root + "/" + path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                out[path] = FileManager.default.contents(atPath: full)
            }
        }
        return out
    }

    @Test("read: the state through a read-only store while a writer holds the lock with changes in its journal; nothing is written")
    func readWhileLocked() async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: workspace.root) }
        try F.mapping().write(to: workspace.mappingFile)
        let writer = try StateStore(workspace)
        let window = F.window(0)
        try await writer.record(.exportSource(id: F.sourceOrg.orgId, name: F.sourceOrg.orgName))
        try await writer.record(.exportWindow(window.name, ExportWindowState(start: window.start, end: window.end,
                                                                              sourceKind: "interaction-export", status: .submitted, jobId: "j")))
        let before = Self.files(workspace)
        let status = try await MigrationStatus.read(workspace)
        #expect(Self.files(workspace) == before, "status wrote nothing")
        #expect(status.isRecorded)
        #expect(status.export.unfinished.map(\.name) == [window.name], "the journal's changes are read")
        #expect(status.inUseBy == getpid(), "this process holds the lock")
        #expect(status.next.arguments.first == "export")
        try await writer.close()
        let after = try await MigrationStatus.read(workspace)
        #expect(after.inUseBy == nil)
        #expect(after.export.unfinished.count == 1)
    }

    @Test("read: nothing on disk is not recorded, and no folder or lock file is made")
    func readNothing() async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: workspace.root) }
        let status = try await MigrationStatus.read(workspace)
        #expect(!status.isRecorded)
        #expect(!FileManager.default.fileExists(atPath: workspace.stateRoot))
    }

    @Test("read: a damaged state file is refused with the store's error, and a hand-broken mapping file with its own")
    func readDamaged() async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: workspace.root) }
        try FileManager.default.createDirectory(atPath: workspace.stateRoot, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: workspace.stateFile, contents: Data("{\"formatVersion\": 2, \"export\": ".utf8)))
        await #expect(throws: StateStoreError.self) { _ = try await MigrationStatus.read(workspace) }
        try FileManager.default.removeItem(atPath: workspace.stateFile)
        try FileManager.default.createDirectory(atPath: workspace.root + "/mappings", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: workspace.mappingFile, contents: Data("{\"formatVersion\": 1,".utf8)))
        await #expect(throws: MappingFileError.self) { _ = try await MigrationStatus.read(workspace) }
    }
}
