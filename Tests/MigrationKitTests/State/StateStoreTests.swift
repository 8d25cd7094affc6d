import Essentials
import Foundation
@testable import MigrationKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("State store (journal, folds, backup, lock)")
struct StateStoreTests {
    // MARK: - Helpers

    /// A workspace under a fresh temporary root; remove it with `cleanUp`.
    static func workspace() throws -> MigrationWorkspace {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return try MigrationWorkspace(root: root, name: "acme")
    }

    static func cleanUp(_ workspace: MigrationWorkspace) {
        try? FileManager.default.removeItem(atPath: workspace.root)
    }

    /// The file's bytes, nil when there is none.
    static func bytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    /// The file's bytes up to its last non-zero byte (the journal's preallocated zeros left out).
    static func content(_ path: String) -> [UInt8] {
        let all = bytes(path) ?? []
        guard let last = all.lastIndex(where: { $0 != 0 }) else { return [] }
        return Array(all[...last])
    }

    /// The journal's complete lines, parsed.
    static func journalLines(_ workspace: MigrationWorkspace) throws -> [JSONValue] {
        try content(workspace.journalFile).split(separator: 0x0A).map { try JSONParser.parse(Array($0)) }
    }

    /// The state folder's entries (without the lock file, which opening for writing creates), sorted.
    static func listing(_ workspace: MigrationWorkspace) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workspace.stateRoot)) ?? []
        return names.filter { $0 != "\(workspace.name).lock" }.sorted()
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
    }

    static func append(_ text: String, to path: String, at offset: UInt64? = nil) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        if let offset { try handle.seek(toOffset: offset) } else { try handle.seekToEnd() }
        try handle.write(contentsOf: Data(text.utf8))
    }

    static func windowState(_ n: Int, policy: UnmappedPolicy = .skipRecord) -> TransformWindowState {
        var result = WindowTransform.Result()
        result.inputRecords = 100 + n
        result.outputRecords = 90 + n
        result.invalidRecords = 3
        result.unmappedRecords = 7
        result.inputSHA256 = String(repeating: "a", count: 63) + String(n % 10)
        result.outputSHA256 = String(repeating: "b", count: 63) + String(n % 10)
        result.drift = SchemaDriftReport(counts: ["legacyField": 4, "notes": 1])
        result.unmapped = UnmappedReport(
            entries: [UnmappedReport.Entry(kind: .queues, sourceId: "q-\(n)", sourceName: "Billing", records: 7, examples: ["c1", "c2", "c3"])],
            records: 7)
        let fingerprint = TransformFingerprint(inputSHA256: result.inputSHA256, mappingSHA256: String(repeating: "c", count: 64),
                                               policy: policy, fallbackWrapupCodeId: n.isMultiple(of: 2) ? "wrap-\(n)" : nil,
                                               destinationFields: n.isMultiple(of: 2) ? ["externalId", "startTime"] : nil)
        return TransformWindowState(fingerprint: fingerprint, result: result)
    }

    static func window(_ name: String, _ n: Int) -> StateChange {
        .transformWindow(name, windowState(n))
    }

    static func chunkState(_ index: Int, _ status: ImportChunkState.Status) -> ImportChunkState {
        switch status {
        case .submitting: return ImportChunkState(index: index, records: 500, status: .submitting)
        case .submitted, .completed: return ImportChunkState(index: index, records: 500, status: status, importId: "imp-\(index)")
        case .failed: return ImportChunkState(index: index, records: 500, status: .failed, importId: "imp-\(index)",
                                              errors: ["record 3: bad startTime", "record 9: unknown queue"])
        }
    }

    static func chunk(_ window: String, _ index: Int, _ status: ImportChunkState.Status) -> StateChange {
        .importChunk(window: window, chunk: "sha-\(index)", chunkState(index, status))
    }

    static let schema = DestinationSchema(version: "v2.1", fields: ["externalId", "startTime", "routing"])

    /// A mix of every kind of change.
    static let someChanges: [StateChange] = [
        .transformSchema(schema),
        window("2024-01-01", 1), window("2024-01-02", 2),
        chunk("2024-01-01", 0, .submitting), chunk("2024-01-01", 0, .submitted), chunk("2024-01-01", 1, .failed),
        chunk("2024-01-02", 0, .completed),
    ]

    /// Opens `workspace` for writing once a store that was only dropped (not closed) has let go of
    /// its lock: its release comes with the actor's deinit, which may trail the last reference.
    static func reopen(_ workspace: MigrationWorkspace) async throws -> StateStore {
        for _ in 0..<100 {
            do { return try StateStore(workspace) } catch StateStoreError.locked {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        return try StateStore(workspace)
    }

    /// Whether some open file description holds the `flock` of `path` (probed without writing to it).
    static func lockIsHeld(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// The descriptor of this process open on `path`.
    static func descriptor(of path: String) throws -> Int32 {
        let target = try #require(realpath(path, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) })
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            guard let fd = Int32(entry),
                  let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)") else { continue }
            if link == target { return fd }
        }
        Issue.record("no descriptor open on \(path)")
        throw StateStoreError.closed(path: path)
    }

    // MARK: - Recording and reopening

    @Test("a new store starts empty, and each recorded change is in its state at once")
    func recordsIntoState() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let store = try StateStore(w)
        #expect(await store.state == MigrationState())
        #expect(await store.folds == 0)
        #expect(!store.droppedTornChange)

        try await store.record(Self.window("2024-01-01", 1))
        #expect(await store.state.transform.windows == ["2024-01-01": Self.windowState(1)])
        #expect(await store.state.imports.windows.isEmpty)

        try await store.record(Self.chunk("2024-01-01", 4, .submitted))
        #expect(await store.state.imports.windows == ["2024-01-01": ["sha-4": Self.chunkState(4, .submitted)]])

        try await store.record(Self.chunk("2024-01-01", 4, .completed))
        #expect(await store.state.imports.windows["2024-01-01"]?["sha-4"]?.status == .completed)

        try await store.record(.transformSchema(Self.schema))
        #expect(await store.state.transform.destinationSchema == Self.schema)
        #expect(await store.bytesWritten > 0)
        // Each change is one journal line, on disk already.
        #expect(try Self.journalLines(w).count == 4)
        #expect(try Self.journalLines(w).map { $0["seq"]?.intValue } == [1, 2, 3, 4])
        #expect(await store.folds == 0)
        try await store.close()
    }

    @Test("after close a store opened again, read-only or writing, has exactly the same state")
    func closeAndReopen() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let store = try StateStore(w)
        try await store.record(Self.someChanges)
        let recorded = await store.state
        try await store.close()
        let closed = await store.state
        #expect(closed.transform == recorded.transform)
        #expect(closed.imports == recorded.imports)
        #expect(closed.imports.windows["2024-01-01"]?["sha-1"]?.errors == ["record 3: bad startTime", "record 9: unknown queue"])
        #expect(closed.transform.windows["2024-01-02"]?.fingerprint.destinationFields == ["externalId", "startTime"])

        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state == closed)
        let writer = try StateStore(w)
        #expect(await writer.state == closed)
        #expect(await writer.folds == 0)
        try await writer.close()
        let again = try StateStore(w, access: .readOnly)
        #expect(await again.state == closed)
    }

    @Test("after close the state file is pretty JSON of formatVersion 2 and the journal is empty")
    func stateFileAfterClose() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let store = try StateStore(w)
        try await store.record(Self.someChanges)
        try await store.close()

        let bytes = try #require(Self.bytes(w.stateFile))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"formatVersion\": 2"))
        #expect(text.split(separator: "\n").count > 20)
        let document = try JSONParser.parse(bytes)
        #expect(document["formatVersion"]?.intValue == 2)
        #expect(document["journalSequence"]?.intValue == Int64(Self.someChanges.count))
        #expect(document["transform"]?["destinationSchema"]?["version"]?.stringValue == "v2.1")
        #expect(document["transform"]?["windows"]?["2024-01-02"]?["counts"]?["in"]?.intValue == 102)
        #expect(document["import"]?["windows"]?["2024-01-01"]?["chunks"]?["sha-0"]?["status"]?.stringValue == "submitted")
        #expect(Self.bytes(w.journalFile) == [])
        // The lock file names the last holder; the journal and state are all there is besides it.
        #expect(Self.listing(w) == ["acme.journal", "acme.json"])
    }

    @Test("close releases the lock and the store takes no more changes")
    func closeEndsTheStore() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let store = try StateStore(w)
        try await store.record(Self.window("w", 1))
        try await store.close()
        #expect(!Self.lockIsHeld(w.lockFile))
        await #expect(throws: StateStoreError.readOnly(path: w.stateFile)) { try await store.record(Self.window("w", 2)) }
        #expect(await store.state.transform.windows["w"] == Self.windowState(1))
        try await store.close()  // A second close does nothing.
        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.transform.windows["w"] == Self.windowState(1))
    }

    // MARK: - Crashes

    @Test("changes recorded by a store that was never closed are replayed from the journal")
    func crashReplaysJournal() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let recorded: MigrationState
        do {
            let store = try StateStore(w)
            try await store.record(Self.someChanges)
            recorded = await store.state
        }  // Dropped without close, as by a crash: only the journal has the changes.
        #expect(Self.bytes(w.stateFile) == nil)
        #expect(try Self.journalLines(w).count == Self.someChanges.count)

        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.transform == recorded.transform)
        #expect(await reader.state.imports == recorded.imports)
        #expect(!reader.droppedTornChange)
        #expect(Self.bytes(w.stateFile) == nil)  // Reading writes nothing.

        let writer = try await Self.reopen(w)
        #expect(await writer.state.transform == recorded.transform)
        #expect(await writer.state.imports == recorded.imports)
        // Opening for writing folded the replayed changes into the state file.
        #expect(await writer.folds == 1)
        #expect(Self.bytes(w.journalFile) == [])
        let document = try JSONParser.parse(try #require(Self.bytes(w.stateFile)))
        #expect(document["journalSequence"]?.intValue == Int64(Self.someChanges.count))
        try await writer.record(Self.chunk("2024-01-02", 0, .failed))
        try await writer.close()
        let after = try StateStore(w, access: .readOnly)
        #expect(await after.state.imports.windows["2024-01-02"]?["sha-0"] == Self.chunkState(0, .failed))
        #expect(await after.state.transform == recorded.transform)
    }

    @Test("changes already folded into the state file are not applied again from a journal left behind")
    func foldedChangesNotReplayed() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        do {
            let store = try StateStore(w)
            try await store.record([Self.chunk("w", 0, .submitting), Self.chunk("w", 0, .submitted)])
        }
        // The journal as a crash left it, before it was folded.
        let oldJournal = try #require(Self.bytes(w.journalFile))
        let store = try await Self.reopen(w)
        try await store.record(Self.chunk("w", 0, .completed))
        try await store.close()
        // As if a fold had written the state file but crashed before emptying the journal.
        #expect(FileManager.default.createFile(atPath: w.journalFile, contents: Data(oldJournal)))
        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.imports.windows["w"]?["sha-0"]?.status == .completed)
        let writer = try StateStore(w)
        #expect(await writer.state.imports.windows["w"]?["sha-0"]?.status == .completed)
        try await writer.close()
        #expect(Self.bytes(w.journalFile) == [])
    }

    @Test("a torn last journal line is dropped on open; the complete changes stay and the journal takes more",
          arguments: [false, true])
    func tornLastLine(atEndOfFile: Bool) async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let recorded: MigrationState
        do {
            let store = try StateStore(w)
            try await store.record(Self.someChanges)
            recorded = await store.state
        }
        // Cut short mid-write: right after the last complete line (in the preallocated space),
        // or after the end of the file.
        let valid = Self.content(w.journalFile).count
        try Self.append("{\"seq\":99,\"change\":\"import.ch", to: w.journalFile, at: atEndOfFile ? nil : UInt64(valid))

        let reader = try StateStore(w, access: .readOnly)
        #expect(reader.droppedTornChange)
        #expect(await reader.state.imports == recorded.imports)

        let store = try await Self.reopen(w)
        #expect(store.droppedTornChange)
        #expect(await store.state.transform == recorded.transform)
        #expect(await store.state.imports == recorded.imports)
        #expect(Self.bytes(w.journalFile) == [])  // Folded, torn tail cut off.
        try await store.record(Self.chunk("2024-01-03", 0, .submitting))
        try await store.record(Self.chunk("2024-01-03", 0, .submitted))
        #expect(try Self.journalLines(w).map { $0["seq"]?.intValue } == [8, 9])
        try await store.close()

        let again = try StateStore(w)
        #expect(!again.droppedTornChange)
        #expect(await again.state.imports.windows["2024-01-03"]?["sha-0"] == Self.chunkState(0, .submitted))
        #expect(await again.state.imports.windows["2024-01-01"] == recorded.imports.windows["2024-01-01"])
        try await again.close()
    }

    @Test("a whole last journal line this version can't read is refused, not dropped; one with zeros inside is torn")
    func lastLineUnreadableOrTorn() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        do {
            let store = try StateStore(w)
            try await store.record([Self.chunk("w", 0, .submitting), Self.chunk("w", 0, .submitted)])
        }
        let valid = Self.content(w.journalFile)
        // A complete line, newline and all, of a change kind a newer version might write.
        // Written where the next change goes: right after the last one, in the allocated space.
        try Self.append("{\"seq\":3,\"change\":\"export.window\",\"window\":\"w\",\"value\":{}}\n", to: w.journalFile,
                        at: UInt64(valid.firstIndex(of: 0) ?? valid.count))
        let refused = #expect(throws: StateStoreError.self) { _ = try StateStore(w, access: .readOnly) }
        guard case .journalDamaged(_, let line, _)? = refused else {
            Issue.record("expected journalDamaged, got \(String(describing: refused))")
            return
        }
        #expect(line == 3)
        // The same line with a page of it never written (zeros), as a crash can leave it: torn.
        let lines = Array(valid[..<(valid.firstIndex(of: 0) ?? valid.count)])
        var torn = lines + Array("{\"seq\":3,\"change\":\"import.chunk\",\"window\":\"w\",".utf8)
        torn += [UInt8](repeating: 0, count: 40) + Array("}\n".utf8) + [UInt8](repeating: 0, count: 100)
        #expect(FileManager.default.createFile(atPath: w.journalFile, contents: Data(torn)))
        let store = try await Self.reopen(w)
        #expect(store.droppedTornChange)
        #expect(await store.state.imports.windows["w"]?["sha-0"]?.status == .submitted)
        try await store.close()
    }

    @Test("a gap in the journal's numbers (a backup put back) applies the later changes over the earlier state")
    func journalGap() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        do {  // Stopped without close, as by a crash.
            let store = try StateStore(w)
            try await store.record(Self.chunk("w", 0, .submitting))
            try await store.fold()                                   // state file at seq 1
            try await store.record(Self.chunk("w", 0, .submitted))
            try await store.fold()                                   // state file at seq 2, .bak at seq 1
            try await store.record(Self.chunk("w", 1, .submitting))  // journal: seq 3
        }
        // The admin puts the backup back while the journal still holds change 3 (a gap after 1).
        try FileManager.default.removeItem(atPath: w.stateFile)
        try FileManager.default.copyItem(atPath: w.stateBackupFile, toPath: w.stateFile)
        for access in [StateStore.Access.readOnly, .writing] {
            let reopened = access == .writing ? try await Self.reopen(w) : try StateStore(w, access: access)
            // Change 2 is lost with the backup; change 3 is kept.
            #expect(await reopened.state.imports.windows["w"]?["sha-0"]?.status == .submitting)
            #expect(await reopened.state.imports.windows["w"]?["sha-1"]?.status == .submitting)
            try await reopened.close()
        }
    }

    @Test("a window's unmapped report with several entries reads back equal")
    func unmappedReportRoundTrip() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        var state = Self.windowState(1)
        var report = UnmappedReport()
        report.add([UnmappedReference(kind: .wrapupCodes, sourceId: "w9", sourceName: "Zed", path: "wrapupCode.id")], recordSourceId: "r1")
        report.add([UnmappedReference(kind: .queues, sourceId: "q9", sourceName: "Alpha", path: "routing.queue.id")], recordSourceId: "r2")
        state.unmapped = report
        let store = try StateStore(w)
        try await store.record(.transformWindow("2024-01-01", state))
        try await store.close()
        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.transform.windows["2024-01-01"] == state)
        #expect(await reader.state.transform.windows["2024-01-01"]?.unmapped.entries.map(\.sourceId) == ["q9", "w9"])
    }

    @Test("a damaged journal line before the last is refused as journalDamaged naming the line, and nothing is rewritten")
    func damagedJournalLine() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let first = try StateStore(w)
        try await first.record(Self.window("2024-01-01", 1))
        try await first.close()
        do {
            let store = try StateStore(w)
            try await store.record([Self.chunk("w", 0, .submitting), Self.chunk("w", 0, .submitted), Self.chunk("w", 1, .submitting)])
        }
        var lines = Self.content(w.journalFile).split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
        try #require(lines.count == 3)
        lines[1] = "{\"seq\":3,\"change\":\"import.chunk\",\"window\":\"w\",\"chunk\":\"sha-0\",\"value\":{\"index\":0,\"records\":500,\"status\":\"lost\"}}"
        try Self.write(lines.joined(separator: "\n") + "\n", to: w.journalFile)
        let stateBefore = try #require(Self.bytes(w.stateFile))
        let journalBefore = try #require(Self.bytes(w.journalFile))
        let listingBefore = Self.listing(w)

        for access in [StateStore.Access.writing, .readOnly] {
            var error: StateStoreError?
            for _ in 0..<100 {  // The dropped store may still hold the lock for a moment.
                do { _ = try StateStore(w, access: access); error = nil; break } catch let thrown as StateStoreError {
                    error = thrown
                    guard case .locked = thrown else { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            let refused = try #require(error)
            guard case let .journalDamaged(path, line, reason) = refused else {
                Issue.record("expected journalDamaged, got \(refused)")
                continue
            }
            #expect(path == w.journalFile)
            #expect(line == 2)
            #expect(reason.contains("status"))
            #expect(refused.description.contains("\(w.journalFile) line 2"))
        }
        #expect(Self.bytes(w.stateFile) == stateBefore)
        #expect(Self.bytes(w.journalFile) == journalBefore)
        #expect(Self.listing(w) == listingBefore)
        #expect(!Self.lockIsHeld(w.lockFile))  // The refused open let go of the lock.
    }

    // MARK: - State files that can't be used

    @Test("a truncated state file is refused as damaged, with the cp command to its backup, and nothing is written")
    func truncatedStateFile() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let store = try StateStore(w)
        try await store.record(Self.someChanges)
        try await store.close()
        let good = try #require(Self.bytes(w.stateFile))
        #expect(FileManager.default.createFile(atPath: w.stateFile, contents: Data(good[0..<(good.count / 2)])))
        let before = try #require(Self.bytes(w.stateFile))
        let listingBefore = Self.listing(w)

        for access in [StateStore.Access.writing, .readOnly] {
            let error = #expect(throws: StateStoreError.self) { _ = try StateStore(w, access: access) }
            guard case let .damaged(path, _, backup)? = error else {
                Issue.record("expected damaged, got \(String(describing: error))")
                continue
            }
            #expect(path == w.stateFile)
            // The first close kept no backup: the message offers a fresh start, not a 'cp' of nothing.
            #expect(backup == nil)
            let message = error?.description ?? ""
            #expect(message.contains("mv \(w.stateFile) \(w.stateFile).damaged"))
            #expect(!message.contains("cp "))
            #expect(message.contains("not JSON"))
        }
        #expect(Self.bytes(w.stateFile) == before)
        #expect(Self.listing(w) == listingBefore)
        #expect(!Self.lockIsHeld(w.lockFile))

        // With a backup (a second command wrote the state), the message says to go back to it.
        #expect(FileManager.default.createFile(atPath: w.stateFile, contents: Data(good)))
        let second = try StateStore(w)
        try await second.record(Self.someChanges)
        try await second.close()
        #expect(FileManager.default.fileExists(atPath: w.stateBackupFile))
        #expect(FileManager.default.createFile(atPath: w.stateFile, contents: Data(good[0..<(good.count / 2)])))
        let error = #expect(throws: StateStoreError.self) { _ = try StateStore(w) }
        guard case let .damaged(_, _, backup)? = error else {
            Issue.record("expected damaged, got \(String(describing: error))")
            return
        }
        #expect(backup == w.stateBackupFile)
        #expect(error?.description.contains("cp \(w.stateBackupFile) \(w.stateFile)") == true)
    }

    @Test("a state file of the wrong shape is refused as damaged, naming where", arguments: [
        ("{\"formatVersion\": 2, \"transform\": {\"windows\": {\"w\": {\"counts\": 3}}}}", "transform.windows.w"),
        ("{\"transform\": {}}", "formatVersion"),
        ("[1, 2]", "top level"),
    ])
    func wrongShapeStateFile(text: String, location: String) throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        try Self.write(text, to: w.stateFile)
        let listingBefore = Self.listing(w)
        let error = #expect(throws: StateStoreError.self) { _ = try StateStore(w) }
        guard case let .damaged(path, reason, _)? = error else {
            Issue.record("expected damaged, got \(String(describing: error))")
            return
        }
        #expect(path == w.stateFile)
        #expect(reason.contains(location))
        #expect(Self.bytes(w.stateFile) == Array(text.utf8))
        #expect(Self.listing(w) == listingBefore)
    }

    @Test("a state file of a newer format is refused as newerFormat, and nothing is written")
    func newerFormat() throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let text = "{\"formatVersion\": 3, \"transform\": {\"windows\": {\"w\": \"a shape of the future\"}}}\n"
        try Self.write(text, to: w.stateFile)
        let listingBefore = Self.listing(w)
        let expected = StateStoreError.newerFormat(path: w.stateFile, found: 3, supported: 2, backup: nil)
        #expect(throws: expected) { _ = try StateStore(w) }
        #expect(throws: expected) { _ = try StateStore(w, access: .readOnly) }
        #expect(expected.description.contains("formatVersion 3"))
        #expect(Self.bytes(w.stateFile) == Array(text.utf8))
        #expect(Self.listing(w) == listingBefore)
        #expect(!Self.lockIsHeld(w.lockFile))
    }

    @Test("a state file that can't be read (a folder at its path) is refused as unreadable, and nothing is written")
    func unreadableStateFile() throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        try FileManager.default.createDirectory(atPath: w.stateFile, withIntermediateDirectories: true)
        let listingBefore = Self.listing(w)
        for access in [StateStore.Access.writing, .readOnly] {
            let error = #expect(throws: StateStoreError.self) { _ = try StateStore(w, access: access) }
            guard case let .unreadable(path, reason, backup)? = error else {
                Issue.record("expected unreadable, got \(String(describing: error))")
                continue
            }
            #expect(path == w.stateFile)
            #expect(backup == nil)
            #expect(reason.contains("is a directory"))
        }
        #expect(Self.listing(w) == listingBefore)
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.stateFile) == [])
        #expect(!Self.lockIsHeld(w.lockFile))
    }

    @Test("a journal that can't be read (a folder at its path) is refused as unreadable")
    func unreadableJournal() throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        try FileManager.default.createDirectory(atPath: w.journalFile, withIntermediateDirectories: true)
        let error = #expect(throws: StateStoreError.self) { _ = try StateStore(w) }
        guard case let .unreadable(path, _, _)? = error else {
            Issue.record("expected unreadable, got \(String(describing: error))")
            return
        }
        #expect(path == w.journalFile)
        #expect(Self.listing(w) == ["acme.journal"])
        #expect(!Self.lockIsHeld(w.lockFile))
    }

    // MARK: - Backup

    @Test("each fold keeps the state file it replaces as .bak, and copying .bak back recovers from a damaged state file")
    func backupAndRecovery() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let afterFirst: MigrationState
        let firstBytes: [UInt8]
        do {
            let store = try StateStore(w)
            try await store.record([Self.window("2024-01-01", 1), Self.chunk("2024-01-01", 0, .submitted)])
            try await store.fold()
            #expect(Self.bytes(w.stateBackupFile) == nil)  // No earlier state file to keep.
            afterFirst = await store.state
            firstBytes = try #require(Self.bytes(w.stateFile))

            try await store.record([Self.window("2024-01-02", 2), Self.chunk("2024-01-01", 0, .completed)])
            try await store.fold()
            #expect(await store.folds == 2)
            #expect(Self.bytes(w.stateBackupFile) == firstBytes)
            #expect(Self.bytes(w.stateFile) != firstBytes)
            #expect(await store.state.transform.windows.count == 2)
        }  // Dropped after the fold: the journal is empty, the state file has everything.

        // The backup is a state file of its own: the state after the first fold.
        let other = try MigrationWorkspace(root: w.root + "/other", name: "acme")
        try FileManager.default.createDirectory(atPath: other.stateRoot, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: w.stateBackupFile, toPath: other.stateFile)
        let fromBackup = try StateStore(other, access: .readOnly)
        #expect(await fromBackup.state == afterFirst)

        // The state file is cut short: opening fails, and the admin does what the message says.
        let latest = try #require(Self.bytes(w.stateFile))
        #expect(FileManager.default.createFile(atPath: w.stateFile, contents: Data(latest[0..<100])))
        let error = #expect(throws: StateStoreError.self) { _ = try StateStore(w, access: .readOnly) }
        #expect(error?.description.contains("cp \(w.stateBackupFile) \(w.stateFile)") == true)
        try FileManager.default.removeItem(atPath: w.stateFile)
        try FileManager.default.copyItem(atPath: w.stateBackupFile, toPath: w.stateFile)
        let recovered = try await Self.reopen(w)
        #expect(await recovered.state == afterFirst)
        #expect(await recovered.state.imports.windows["2024-01-01"]?["sha-0"]?.status == .submitted)
        #expect(await recovered.state.transform.windows["2024-01-02"] == nil)
        try await recovered.record(Self.window("2024-01-02", 2))
        try await recovered.close()
        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.transform.windows.keys.sorted() == ["2024-01-01", "2024-01-02"])
    }

    // MARK: - The lock

    @Test("while a store is open for writing a second writer is refused as locked, naming this process; readers open")
    func lockInProcess() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let writer = try StateStore(w)
        try await writer.record(Self.window("w", 1))
        #expect(Self.bytes(w.lockFile) == Array("\(getpid())\n".utf8))

        let expected = StateStoreError.locked(migration: "acme", lockFile: w.lockFile, holder: getpid())
        #expect(throws: expected) { _ = try StateStore(w) }
        #expect(expected.description.contains("process \(getpid())"))
        #expect(expected.description.contains(w.lockFile))

        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.transform.windows["w"] == Self.windowState(1))
        #expect(Self.lockIsHeld(w.lockFile))

        try await writer.close()
        #expect(!Self.lockIsHeld(w.lockFile))
        let next = try StateStore(w)
        #expect(await next.state.transform.windows["w"] == Self.windowState(1))
        #expect(throws: expected) { _ = try StateStore(w) }
        try await next.close()
    }

    @Test("a lock held by another process is refused naming its pid, and released by the OS when that process is killed")
    func lockHeldByAnotherProcess() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        try FileManager.default.createDirectory(atPath: w.stateRoot, withIntermediateDirectories: true)
        // The shell writes its pid, takes the lock on a descriptor of its own, and becomes `sleep`
        // (same pid, same descriptor): the lock's holder is exactly the child process.
        let child = ChildProcess()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "echo $$ > \"$0\"; exec 9>>\"$0\"; /usr/bin/flock -x 9 || exit 1; exec sleep 600", w.lockFile]
        // Not the test's own streams: nothing the child inherits can block it or keep them open.
        child.standardInput = FileHandle.nullDevice
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let pid = child.processIdentifier
        defer {
            if child.isRunning {
                kill(pid, SIGKILL)
                child.waitUntilExit()
            }
        }
        var held = false
        // Up to 5 minutes: under a full parallel test run, starting a shell can take seconds, and
        // this task may not run for a minute while synchronous tests hold the pool's threads (the
        // child sleeps far longer, killed when done). A child that ended instead is reported with
        // its status rather than waited for.
        let deadline = Date().addingTimeInterval(300)
        while !held, child.isRunning, Date() < deadline {
            held = Self.lockIsHeld(w.lockFile)
            if !held { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(held, "the child process never took the lock (running: \(child.isRunning), status: \(child.isRunning ? 0 : child.terminationStatus))")

        let expected = StateStoreError.locked(migration: "acme", lockFile: w.lockFile, holder: pid)
        #expect(throws: expected) { _ = try StateStore(w) }
        #expect(expected.description.contains("process \(pid)"))
        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state == MigrationState())

        // The holder crashes: the OS drops its lock, and the lock file left behind blocks nobody.
        #expect(kill(pid, SIGKILL) == 0)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(FileManager.default.fileExists(atPath: w.lockFile))
        let writer = try StateStore(w)
        #expect(Self.bytes(w.lockFile) == Array("\(getpid())\n".utf8))
        try await writer.record(Self.window("w", 1))
        try await writer.close()
        let reader2 = try StateStore(w, access: .readOnly)
        #expect(await reader2.state.transform.windows["w"] == Self.windowState(1))
    }

    // MARK: - Failed writes

    @Test("a change whose journal write fails is not made, in memory or on disk")
    func failedWriteChangesNothing() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let store = try StateStore(w)
        try await store.record(Self.window("w", 1))
        let before = await store.state
        let bytesBefore = await store.bytesWritten

        // The journal's descriptor now writes to /dev/full: every write fails with ENOSPC.
        let journalFD = try Self.descriptor(of: w.journalFile)
        let saved = dup(journalFD)
        let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(saved >= 0 && full >= 0)
        try #require(dup2(full, journalFD) == journalFD)
        close(full)
        let error = await #expect(throws: StateStoreError.self) { try await store.record(Self.chunk("w", 0, .submitted)) }
        #expect(error == .writeFailed(path: w.journalFile, reason: String(cString: strerror(ENOSPC))))
        #expect(await store.state == before)
        #expect(await store.bytesWritten == bytesBefore)
        #expect(try Self.journalLines(w).count == 1)

        // Undoing the half-written change failed too, so the journal's end is unknown: no more changes.
        #expect(dup2(saved, journalFD) == journalFD)
        close(saved)
        await #expect(throws: StateStoreError.closed(path: w.journalFile)) { try await store.record(Self.chunk("w", 1, .submitted)) }
        #expect(await store.state == before)

        try await store.close()
        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.transform == before.transform)
        #expect(await reader.state.imports.windows.isEmpty)
    }

    @Test("a read-only store takes no changes and writes nothing")
    func readOnlyStore() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let store = try StateStore(w)
        try await store.record(Self.someChanges)
        try await store.close()
        let stateBefore = Self.bytes(w.stateFile)
        let listingBefore = Self.listing(w)

        let reader = try StateStore(w, access: .readOnly)
        let before = await reader.state
        await #expect(throws: StateStoreError.readOnly(path: w.stateFile)) { try await reader.record(Self.window("new", 9)) }
        await #expect(throws: StateStoreError.readOnly(path: w.stateFile)) { try await reader.fold() }
        try await reader.close()
        #expect(await reader.state == before)
        #expect(await reader.bytesWritten == 0)
        #expect(Self.bytes(w.stateFile) == stateBefore)
        #expect(Self.listing(w) == listingBefore)
    }

    // MARK: - Folding

    @Test("the journal is folded into the state file once it passes 1 MiB, so it stays bounded")
    func foldingBoundsTheJournal() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        // Long lines (a failed chunk with its errors), so that few changes pass the fold size.
        let errors = (0..<6).map { "record \($0): " + String(repeating: "e", count: 120) }
        func change(_ i: Int) -> StateChange {
            .importChunk(window: "w\(i % 3)", chunk: String(repeating: "f", count: 56) + String(format: "%08d", i),
                         ImportChunkState(index: i, records: 500, status: .failed, importId: "import-\(i)", errors: errors))
        }
        let lineLength = try JSONWriter.compact(.object(change(0).jsonValue)).count + 12
        let count = StateStore.minimumFoldBytes / lineLength * 3 / 2
        var recorded: MigrationState
        do {
            let store = try StateStore(w)
            for i in 0..<count { try await store.record(change(i)) }
            #expect(await store.folds >= 1)
            recorded = await store.state
            #expect(recorded.imports.windows.values.map(\.count).reduce(0, +) == count)
            let size = try #require(FileManager.default.attributesOfItem(atPath: w.journalFile)[.size] as? Int)
            #expect(size < StateStore.minimumFoldBytes + lineLength)
            #expect(Self.content(w.journalFile).count < StateStore.minimumFoldBytes)
            let state = try JSONParser.parse(try #require(Self.bytes(w.stateFile)))
            let folded = try #require(state["journalSequence"]?.intValue)
            #expect(folded > 0)
            // The journal holds exactly the changes after the fold.
            #expect(try Self.journalLines(w).map { $0["seq"]?.intValue } == (folded + 1...Int64(count)).map { $0 })
        }
        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.imports == recorded.imports)
        let writer = try await Self.reopen(w)
        #expect(await writer.state.imports == recorded.imports)
        try await writer.close()
    }

    // MARK: - Older and other content

    @Test("a version 1 state file opens with its destination schema, no windows, and is written as version 2")
    func versionOneUpgrade() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        let v1 = "{\"formatVersion\":1,\"transform\":{\"destinationSchema\":{\"version\":\"v2.1\",\"fields\":[\"a\",\"b\"]},\"windows\":{\"w\":{\"settings\":\"x\"}}}}"
        try Self.write(v1, to: w.stateFile)
        let schema = DestinationSchema(version: "v2.1", fields: ["a", "b"])

        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.transform.destinationSchema == schema)
        #expect(await reader.state.transform.windows.isEmpty)
        #expect(Self.bytes(w.stateFile) == Array(v1.utf8))  // Reading upgrades nothing.

        let writer = try StateStore(w)
        #expect(await writer.state.transform.destinationSchema == schema)
        #expect(await writer.state.transform.windows.isEmpty)
        #expect(await writer.folds == 1)
        let document = try JSONParser.parse(try #require(Self.bytes(w.stateFile)))
        #expect(document["formatVersion"]?.intValue == 2)
        #expect(document["transform"]?["destinationSchema"]?["fields"] == .array([.string("a"), .string("b")]))
        #expect(Self.bytes(w.stateBackupFile) == Array(v1.utf8))  // The version 1 file is kept.
        try await writer.close()
        let again = try StateStore(w, access: .readOnly)
        #expect(await again.state.transform.destinationSchema == schema)
    }

    @Test("top-level sections this version does not know are kept through folds")
    func unknownSectionsKept() async throws {
        let w = try Self.workspace()
        defer { Self.cleanUp(w) }
        try Self.write("{\"formatVersion\": 2, \"journalSequence\": 5, \"archive\": {\"cursor\": \"abc\", \"windows\": [1, 2]}}", to: w.stateFile)
        let store = try StateStore(w)
        try await store.record(Self.window("w", 1))
        try await store.close()
        let document = try JSONParser.parse(try #require(Self.bytes(w.stateFile)))
        #expect(document["archive"]?["cursor"]?.stringValue == "abc")
        #expect(document["archive"]?["windows"] == .array([.int(1), .int(2)]))
        #expect(document["journalSequence"]?.intValue == 6)
        #expect(document["transform"]?["windows"]?["w"] != nil)
    }
}
