import Essentials
import Foundation
import Testing

@testable import MigrationKit

@Suite("Import chunks: canonical bodies, hashes and plans")
struct ImportChunkTests {
    /// Transformed records as the transform writes them: canonical JSON, one per line.
    static func lines(_ count: Int, queue: (Int) -> String = { "q-\($0 % 2)" }) throws -> [[UInt8]] {
        try (0..<count).map { i in
            try JSONWriter.canonical([
                "externalId": .string("src:\(String(format: "%04d", i))"), "type": "voice", "state": "disconnected",
                "startTime": "2024-01-15T10:00:00.000Z", "durationSeconds": .double(1.5 + Double(i)),
                "routing": ["queue": ["id": .string(queue(i)), "name": "Q é \"x\""], "flow": ["id": "f-1"]],
                "participants": [["purpose": "agent", "queueId": .string(queue(i)), "wrapup": ["codeId": "w-1"]]],
                "transfers": [["fromQueueId": "q-9", "toQueueId": .string(queue(i))]],
                "attributes": ["note": "line\nbreak\u{1}"],
            ])
        }
    }

    @Test("a chunk's body is the canonical form of the whole request, and its hash the SHA-256 of those bytes")
    func bodyIsCanonical() throws {
        let records = try Self.lines(3)
        let chunk = ImportChunk(window: "w", index: 0, lines: records.map { $0[...] }, schemaVersion: "v2.1")
        let body = chunk.body(schemaVersion: "v2.1")
        // Made independently: parse the records, build the request, serialise it canonically.
        let request: JSONValue = ["interactions": .array(try records.map { try JSONParser.parse($0) }),
                                  "schemaVersion": "v2.1", "allowDuplicates": false]
        #expect(body == (try JSONWriter.canonical(request)))
        #expect(chunk.hash == SHA256.hash(body).hex)
        #expect(chunk.hash.count == 64 && chunk.hash == chunk.hash.lowercased())
        #expect(String(decoding: body.prefix(41), as: UTF8.self) == #"{"allowDuplicates":false,"interactions":["#)
    }

    @Test("a re-send without some records is the canonical request of the others, and a different hash")
    func bodyExcluding() throws {
        let records = try Self.lines(4)
        let chunk = ImportChunk(window: "w", index: 0, lines: records.map { $0[...] }, schemaVersion: "v2.1")
        let body = chunk.body(excluding: [0, 2], schemaVersion: "v2.1")
        let request: JSONValue = ["interactions": .array(try [records[1], records[3]].map { try JSONParser.parse($0) }),
                                  "schemaVersion": "v2.1", "allowDuplicates": false]
        #expect(body == (try JSONWriter.canonical(request)))
        #expect(SHA256.hash(body).hex != chunk.hash)
    }

    static func write(_ lines: [[UInt8]]) throws -> (path: String, sha256: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).jsonl").path
        var bytes: [UInt8] = []
        for line in lines { bytes += line + [0x0A] }
        try AtomicFileWriter.write(bytes, to: path)
        return (path, SHA256.hash(bytes).hex)
    }

    @Test("a window is cut in order into chunks of the chunk size, the last one smaller, with each chunk's references counted")
    func planning() throws {
        let records = try Self.lines(7)
        let (path, sha) = try Self.write(records)
        defer { unlink(path) }
        let window = try PlannedWindow.read(window: "w", path: path, expectedSHA256: sha, chunkSize: 3, schemaVersion: "v2.1")
        #expect(window.chunks.map(\.records) == [3, 3, 1])
        #expect(window.chunks.map(\.index) == [0, 1, 2])
        #expect(window.records == 7)
        #expect(window.transformedSHA256 == sha)
        #expect(window.chunks[1].lines.map(Array.init) == Array(records[3..<6]))
        // Chunk 0 holds records 0, 1, 2: q-0 twice, q-1 once; q-9 and f-1 and w-1 in each.
        let first = window.references[0]
        #expect(first[RecordReferences.Reference(kind: .queues, id: "q-0")] == 2)
        #expect(first[RecordReferences.Reference(kind: .queues, id: "q-1")] == 1)
        #expect(first[RecordReferences.Reference(kind: .queues, id: "q-9")] == 3)
        #expect(first[RecordReferences.Reference(kind: .flows, id: "f-1")] == 3)
        #expect(first[RecordReferences.Reference(kind: .wrapupCodes, id: "w-1")] == 3)
        #expect(window.references[2][RecordReferences.Reference(kind: .queues, id: "q-0")] == 1)
        // The same records planned again give the same hashes; another chunk size, others.
        let again = try PlannedWindow.read(window: "w", path: path, expectedSHA256: sha, chunkSize: 3, schemaVersion: "v2.1")
        #expect(again.chunks.map(\.hash) == window.chunks.map(\.hash))
        let other = try PlannedWindow.read(window: "w", path: path, expectedSHA256: sha, chunkSize: 2, schemaVersion: "v2.1")
        #expect(other.chunks.map(\.records) == [2, 2, 2, 1])
        #expect(!window.chunks.prefix(2).contains { $0.hash == other.chunks[0].hash || $0.hash == other.chunks[1].hash })
        // The same single last record is the same request, whatever the chunk size that cut it.
        #expect(other.chunks[3].hash == window.chunks[2].hash)
    }

    @Test("a transformed file that is not the transform's, or has a line that is not a record, is refused naming it")
    func refusedFiles() throws {
        let records = try Self.lines(2)
        let (path, sha) = try Self.write(records)
        defer { unlink(path) }
        #expect(throws: ImportPhaseError.transformedFileChanged(window: "w", path: path)) {
            _ = try PlannedWindow.read(window: "w", path: path, expectedSHA256: String(repeating: "0", count: 64), chunkSize: 10, schemaVersion: "v2.1")
        }
        let (bad, badSHA) = try Self.write([records[0], Array("{\"type\":".utf8)])
        defer { unlink(bad) }
        let error = #expect(throws: ImportPhaseError.self) {
            _ = try PlannedWindow.read(window: "w", path: bad, expectedSHA256: badSHA, chunkSize: 10, schemaVersion: "v2.1")
        }
        guard case .badTransformedRecord(let file, let line, _) = error else {
            Issue.record("expected badTransformedRecord, got \(String(describing: error))")
            return
        }
        #expect(file == bad && line == 2)
        #expect(error?.description.contains("run the transform again") == true)
        _ = sha
    }
}
