import Essentials
import Foundation
import Testing

@testable import MigrationKit

@Suite("Verify: comparing transformed records with the destination's, by externalId")
struct ExternalIdComparisonTests {
    static let prefix = "src-org:"

    /// A folder of its own, removed by the caller.
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A record as the transform writes it (or the destination exports it, with `id`).
    static func record(_ externalId: String?, id: String? = nil) throws -> String {
        var object = JSONObject([("type", "voice"), ("state", "disconnected"), ("startTime", "2024-01-01T10:00:00.000Z")])
        if let externalId { object["externalId"] = .string(externalId) }
        if let id { object["id"] = .string(id) }
        return String(decoding: try JSONWriter.canonical(.object(object)), as: UTF8.self)
    }

    /// Compares `transformed` with `held` (externalIds; nil for a record without one).
    static func compare(_ transformed: [String], _ held: [String?], limit: Int = 20) throws -> ExternalIdComparison {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let expected = try transformed.map { try record($0) }.joined(separator: "\n") + (transformed.isEmpty ? "" : "\n")
        let destination = try held.enumerated().map { try record($0.element, id: "id-\($0.offset)") }.joined(separator: "\n")
        try AtomicFileWriter.write(expected, to: folder + "/t.jsonl")
        try AtomicFileWriter.write(destination, to: folder + "/d.jsonl")
        return try ExternalIdComparison.compare(transformed: folder + "/t.jsonl", destination: folder + "/d.jsonl", prefix: prefix, exampleLimit: limit)
    }

    static let ids = (1...5).map { "src-org:\($0)" }

    @Test("the same records once each are an exact match")
    func exact() throws {
        let result = try Self.compare(Self.ids, Self.ids.reversed())
        #expect(result.isExact)
        #expect(result.expected == 5 && result.held == 5 && result.missing == 0 && result.unexpected == 0 && result.duplicated == 0)
    }

    @Test("a transformed record the destination lacks is missing, and named")
    func missing() throws {
        let result = try Self.compare(Self.ids, Array(Self.ids.dropFirst(2)))
        #expect(!result.isExact)
        #expect(result.missing == 2)
        #expect(result.missingExamples == ["src-org:1", "src-org:2"])
        #expect(result.unexpected == 0 && result.duplicated == 0)
    }

    @Test("a record held twice is duplicated, with its copies")
    func duplicated() throws {
        let result = try Self.compare(Self.ids, Self.ids + ["src-org:3", "src-org:3"])
        #expect(!result.isExact)
        #expect(result.duplicated == 1 && result.missing == 0 && result.unexpected == 0)
        #expect(result.duplicatedExamples == [ExternalIdComparison.Duplicate(externalId: "src-org:3", copies: 3)])
        #expect(result.held == 7)
    }

    @Test("a record of this migration that was not transformed is unexpected; held twice, duplicated too")
    func unexpected() throws {
        let result = try Self.compare(Self.ids, Self.ids + ["src-org:99", "src-org:98", "src-org:98"])
        #expect(result.unexpected == 2)
        #expect(result.unexpectedExamples == ["src-org:98", "src-org:99"])
        #expect(result.duplicated == 1 && result.duplicatedExamples.first?.externalId == "src-org:98")
        #expect(result.missing == 0)
    }

    @Test("records without an externalId or from another origin are counted, never a difference")
    func otherOrigins() throws {
        let result = try Self.compare(Self.ids, Self.ids + [nil, "other-org:1", "other-org:1", "src-org", "SRC-ORG:1x"])
        #expect(result.isExact)
        #expect(result.notFromMigration == 5)
        #expect(result.held == 5)
    }

    @Test("an empty window matches an empty destination; anything of this migration there is unexpected")
    func emptyWindow() throws {
        #expect(try Self.compare([], []).isExact)
        let result = try Self.compare([], ["src-org:1"])
        #expect(result.unexpected == 1 && !result.isExact)
    }

    @Test("examples are capped and sorted; the counts are not")
    func examplesCapped() throws {
        let many = (0..<50).map { String(format: "src-org:%03d", $0) }
        let result = try Self.compare(many, [], limit: 20)
        #expect(result.missing == 50)
        #expect(result.missingExamples == Array(many.prefix(20)))
    }

    @Test("a transformed line without an externalId is refused, naming the file and line")
    func badTransformedLine() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFileWriter.write(try Self.record("src-org:1") + "\n" + (try Self.record(nil)) + "\n", to: folder + "/t.jsonl")
        try AtomicFileWriter.write("", to: folder + "/d.jsonl")
        #expect(throws: VerifyPhaseError.badTransformedRecord(path: folder + "/t.jsonl", line: 2, reason: "not a record with an externalId")) {
            try ExternalIdComparison.compare(transformed: folder + "/t.jsonl", destination: folder + "/d.jsonl", prefix: Self.prefix)
        }
    }

    @Test("a destination line that is not JSON is refused with the fix")
    func badDestinationLine() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFileWriter.write(try Self.record("src-org:1") + "\n", to: folder + "/t.jsonl")
        try AtomicFileWriter.write("{\"externalId\": \n", to: folder + "/d.jsonl")
        do {
            _ = try ExternalIdComparison.compare(transformed: folder + "/t.jsonl", destination: folder + "/d.jsonl", prefix: Self.prefix)
            Issue.record("no error")
        } catch let error as VerifyPhaseError {
            guard case .badDestinationRecord(let path, let line, _) = error else { Issue.record("\(error)"); return }
            #expect(path == folder + "/d.jsonl" && line == 1)
            #expect(error.description.contains("run verify again"))
        }
    }
}
