import Essentials
import Foundation
import Testing

@testable import MigrationKit

@Suite("Import state: configuration, plans and chunks in the state store")
struct ImportStateTests {
    static let configuration = ImportConfiguration(sourceOrgId: "SRC-1", destinationOrgId: "dst-1", schemaVersion: "v2.1", chunkSize: 1000)

    @Test("configuration, plan and every chunk field survive the journal, a fold and a reopen")
    func roundTrip() async throws {
        let w = try StateStoreTests.workspace()
        defer { StateStoreTests.cleanUp(w) }
        let plan = ImportWindowPlan(transformedSHA256: String(repeating: "a", count: 64), records: 1500, chunks: ["h0", "h1"],
                                    replannedBecause: "its transformed file changed")
        let chunk = ImportChunkState(index: 1, records: 500, status: .submitting, importId: "imp-1", errors: [],
                                     inDoubt: true, excluded: [0, 7, 499])
        let failed = ImportChunkState(index: 0, records: 1000, status: .failed, importId: "imp-0",
                                      errors: ["record 3: INVALID_REFERENCE routing.queue.id: queue q is not in the destination"],
                                      failure: .invalidReference)
        do {
            let store = try StateStore(w)
            try await store.record([.importConfiguration(Self.configuration), .importPlan(window: "w", plan),
                                    .importChunk(window: "w", chunk: "h1", chunk), .importChunk(window: "w", chunk: "h0", failed)])
            // Not folded yet: the journal alone carries them to the next open.
        }
        let reopened = try StateStore(w)
        let expected = ImportState(configuration: Self.configuration, windows: ["w": ["h0": failed, "h1": chunk]], plans: ["w": plan])
        #expect(await reopened.state.imports == expected)
        try await reopened.close()
        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.imports == expected)
        // Readable JSON: the window holds its plan and its chunks.
        let document = try JSONParser.parse(try FileContents.read(path: w.stateFile))
        #expect(document["import"]?["configuration"]?["chunkSize"] == .int(1000))
        #expect(document["import"]?["windows"]?["w"]?["plan"]?["chunks"] == ["h0", "h1"])
        #expect(document["import"]?["windows"]?["w"]?["chunks"]?["h1"]?["excluded"] == [0, 7, 499])
        #expect(document["import"]?["windows"]?["w"]?["chunks"]?["h0"]?["failure"] == "invalidReference")
    }

    @Test("an excluded position outside the chunk is refused as damage, naming where")
    func badExcluded() async throws {
        let w = try StateStoreTests.workspace()
        defer { StateStoreTests.cleanUp(w) }
        let store = try StateStore(w)
        try await store.record(.importChunk(window: "w", chunk: "h", ImportChunkState(index: 0, records: 2, status: .completed, excluded: [1])))
        try await store.close()
        let text = String(decoding: try FileContents.read(path: w.stateFile), as: UTF8.self)
        let edited = text.replacingOccurrences(of: #""excluded"\s*:\s*\[\s*1\s*\]"#, with: #""excluded": [5]"#, options: .regularExpression)
        try #require(edited != text, "the state file has no excluded list: \(text)")
        try AtomicFileWriter.write(Array(edited.utf8), to: w.stateFile)
        let error = #expect(throws: StateStoreError.self) { _ = try StateStore(w) }
        #expect(error?.description.contains("import.windows.w.chunks.h.excluded[0]") == true, "\(String(describing: error))")
    }

    @Test("--new-state keeps the state file as it was beside it and forgets only the import")
    func freshImport() async throws {
        let w = try StateStoreTests.workspace()
        defer { StateStoreTests.cleanUp(w) }
        let store = try StateStore(w)
        #expect(try await store.startFreshImport(stamp: "20261203T000000Z") == nil)
        try await store.record([.exportSource(id: "src", name: "Acme"), .importConfiguration(Self.configuration),
                                .importChunk(window: "w", chunk: "h", ImportChunkState(index: 0, records: 1, status: .completed))])
        let archive = try #require(try await store.startFreshImport(stamp: "20261203T000000Z"))
        #expect(archive == w.stateFile + ".20261203T000000Z.old")
        #expect(await store.state.imports.isEmpty)
        #expect(await store.state.export.sourceOrgId == "src")
        let kept = try JSONParser.parse(try FileContents.read(path: archive))
        #expect(kept["import"]?["windows"]?["w"]?["chunks"]?["h"]?["status"] == "completed")
        try await store.close()
        let reader = try StateStore(w, access: .readOnly)
        #expect(await reader.state.imports.isEmpty)
    }

    @Test("configuration differences are listed field by field; org ids compare without case")
    func differences() {
        var other = Self.configuration
        other.sourceOrgId = "src-1"
        #expect(Self.configuration.differences(from: other).isEmpty)
        other.destinationOrgId = "dst-2"
        other.chunkSize = 500
        #expect(Self.configuration.differences(from: other) == ["destination org id: recorded dst-1, now dst-2", "chunk size: recorded 1000, now 500"])
    }

    @Test("test pauses are read from POINT=SECONDS lists, and anything else is refused", arguments: [
        ("submitting=0.5", ["submitting": 0.5]),
        ("accepted=2,reconciling=0", ["accepted": 2.0, "reconciling": 0.0]),
    ] as [(String, [String: Double])])
    func pauses(_ text: String, _ expected: [String: Double]) {
        #expect(ImportTestPauses(text)?.seconds == expected)
    }

    @Test(arguments: ["later=1", "submitting", "accepted=-1", "accepted=x", "accepted=1000"])
    func badPauses(_ text: String) {
        #expect(ImportTestPauses(text) == nil)
    }
}
