import Essentials
import Foundation
import Testing

@testable import MigrationKit

@Suite("Export file writer (verify while writing)")
struct ExportFileWriterTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("efw-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func record(_ i: Int) -> String {
        #"{"id":"r\#(i)","type":"voice","state":"disconnected","startTime":"2024-01-01T00:00:0\#(i % 10).000Z","note":"a\nb"}"#
    }

    /// Feeds `body` to a writer in pieces of `piece` bytes.
    static func write(_ body: [UInt8], piece: Int, to path: String, expected: Int?) throws -> ExportFileWriter.Verified {
        let writer = try ExportFileWriter(path: path)
        do {
            var start = 0
            while start < body.count {
                let end = min(body.count, start + piece)
                try body[start..<end].withUnsafeBytes { try writer.consume($0) }
                start = end
            }
            return try writer.finish(expectedRecords: expected)
        } catch {
            writer.abandon()
            throw error
        }
    }

    @Test("JSON Lines in any pieces: the file is the body, its SHA-256 and count taken on the way", arguments: [1, 7, 64, 100_000])
    func jsonLines(piece: Int) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Array((0..<25).map(Self.record).joined(separator: "\n").utf8) + [0x0A]
        let verified = try Self.write(body, piece: piece, to: folder + "/w.jsonl", expected: 25)
        #expect(verified.records == 25)
        #expect(try FileContents.read(path: folder + "/w.jsonl") == body)
        #expect(verified.sha256 == SHA256.hash(body).hex)
    }

    @Test("a JSON array body becomes the same JSON Lines file", arguments: [1, 13, 100_000])
    func jsonArray(piece: Int) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = (0..<25).map(Self.record)
        let body = Array(("[\n  " + lines.joined(separator: ",\n  ") + "\n]\n").utf8)
        let verified = try Self.write(body, piece: piece, to: folder + "/w.jsonl", expected: 25)
        #expect(verified.records == 25)
        let expected = Array(lines.joined(separator: "\n").utf8) + [0x0A]
        #expect(try FileContents.read(path: folder + "/w.jsonl") == expected)
        #expect(verified.sha256 == SHA256.hash(expected).hex)
    }

    @Test("a short count, a cut body, bad JSON and a record missing a required field are refused, and no file is left")
    func refusals() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = Array((0..<5).map(Self.record).joined(separator: "\n").utf8) + [0x0A]
        let path = folder + "/w.jsonl"
        #expect(throws: ExportFileWriter.Problem.self) { _ = try Self.write(good, piece: 50, to: path, expected: 6) }
        #expect(throws: ExportFileWriter.Problem.self) { _ = try Self.write(Array(good.dropLast(20)), piece: 50, to: path, expected: 5) }
        #expect(throws: ExportFileWriter.Problem.self) { _ = try Self.write(Array("[".utf8) + Array(Self.record(1).utf8), piece: 9, to: path, expected: 1) }
        #expect(throws: ExportFileWriter.Problem.self) { _ = try Self.write(Array("{\"id\":\n".utf8), piece: 3, to: path, expected: nil) }
        let missing = Array(#"{"id":"x","type":"voice","state":"disconnected"}"#.utf8) + [0x0A]
        let error = #expect(throws: ExportFileWriter.Problem.self) { _ = try Self.write(good + missing, piece: 50, to: path, expected: 6) }
        #expect(error?.description.contains("has no startTime") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
