import Essentials
import Foundation
import MigrationKit
import Testing

@Suite("Window transform (files, sorting, rejects)")
struct WindowTransformTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func lines(_ path: String) throws -> [JSONValue] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try data.split(separator: 0x0A).map { try JSONParser.parse(Array($0)) }
    }

    @Test("a generated export: sorted canonical output, identical on re-run and when sorted on disk")
    func deterministicOutput() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let generated = try EmulatorExport.write(records: 3000, to: folder + "/in.jsonl")
        let rules = TransformRules(sourceOrgId: generated.sourceOrgId, mapping: generated.mapping, destinationFields: nil, fallbackWrapupCode: nil)
        func run(_ budget: Int, _ name: String) throws -> (WindowTransform.Result, Data) {
            let files = WindowTransform.Files(input: folder + "/in.jsonl", output: folder + "/\(name).jsonl", rejects: folder + "/\(name).rejects.jsonl", temporaryFolder: folder)
            let result = try WindowTransform(rules: rules, policy: .skipRecord, memoryBudget: budget).run(files)
            return (result, try Data(contentsOf: URL(fileURLWithPath: files.output)))
        }
        let (inMemory, first) = try run(256 << 20, "a")
        let (again, second) = try run(256 << 20, "b")
        let (onDisk, third) = try run(64 << 10, "c")
        #expect(inMemory.spilledRuns == 0)
        #expect(onDisk.spilledRuns > 1)
        #expect(first == second)
        #expect(first == third)
        #expect(inMemory.outputSHA256 == again.outputSHA256)
        #expect(inMemory.inputRecords == 3000)
        #expect(inMemory.unmappedRecords > 0)
        #expect(inMemory.outputRecords + inMemory.unmappedRecords == 3000)
        // Each line is canonical and the lines are sorted by externalId.
        let records = try Self.lines(folder + "/a.jsonl")
        let ids = records.compactMap { $0["externalId"]?.stringValue }
        #expect(ids.count == inMemory.outputRecords)
        #expect(ids == ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        for (record, line) in zip(records, first.split(separator: 0x0A)) {
            #expect(try JSONWriter.canonical(record) == Array(line))
            #expect(record["id"] == nil && record["transcripts"] == nil && record["media"] == nil)
        }
        #expect(try SHA256.hashFile(atPath: folder + "/a.jsonl").hex == inMemory.outputSHA256)
    }

    /// Records of a small hand-made window: three good, and every kind of bad.
    static func handMadeWindow(_ folder: String) throws -> (String, TransformRules) {
        let generated = try EmulatorExport.write(records: 40, to: folder + "/gen.jsonl")
        // Good records: those whose references all map (the default pair leaves some unmapped)
        // and that have a routing queue to break.
        let rules = TransformRules(sourceOrgId: generated.sourceOrgId, mapping: generated.mapping, destinationFields: nil, fallbackWrapupCode: nil)
        let probe = WindowTransform.Files(input: folder + "/gen.jsonl", output: folder + "/probe.jsonl",
                                          rejects: folder + "/probe.rejects.jsonl", temporaryFolder: folder)
        _ = try WindowTransform(rules: rules, policy: .skipRecord).run(probe)
        let rejected = Set((FileManager.default.fileExists(atPath: probe.rejects) ? try Self.lines(probe.rejects) : []).compactMap { $0["line"]?.intValue })
        let good = try Self.lines(folder + "/gen.jsonl").enumerated()
            .filter { !rejected.contains(Int64($0.offset + 1)) && $0.element["routing"]?["queue"]?.objectValue != nil }.map(\.element)
        try #require(good.count >= 5)
        var unmapped = try #require(good[3].objectValue)
        var routing = try #require(unmapped["routing"]?.objectValue)
        routing["queue"] = ["id": "no-such-queue", "name": "Ghost Queue"]
        unmapped["routing"] = .object(routing)
        var noStart = try #require(good[4].objectValue)
        noStart.removeValue(forKey: "startTime")
        let text = [
            String(decoding: try JSONWriter.compact(good[0]), as: UTF8.self),
            "{\"id\": broken",
            "",
            String(decoding: try JSONWriter.compact(good[1]), as: UTF8.self),
            "[1, 2]",
            String(decoding: try JSONWriter.compact(.object(noStart)), as: UTF8.self),
            String(decoding: try JSONWriter.compact(.object(unmapped)), as: UTF8.self),
            String(decoding: try JSONWriter.compact(good[2]), as: UTF8.self),
        ].joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/in.jsonl"))
        return (folder + "/in.jsonl", rules)
    }

    @Test("fail mode: the whole input is read, unmapped references reported, no output, invalid lines rejected with line numbers")
    func failMode() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (input, rules) = try Self.handMadeWindow(folder)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: folder + "/out.jsonl"))
        let files = WindowTransform.Files(input: input, output: folder + "/out.jsonl", rejects: folder + "/rejects.jsonl", temporaryFolder: folder)
        let result = try WindowTransform(rules: rules, policy: .fail).run(files)
        #expect(result.inputRecords == 7)
        #expect(result.invalidRecords == 3)
        #expect(result.unmappedRecords == 1)
        #expect(result.outputSHA256 == nil)
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.jsonl"))
        let entry = try #require(result.unmapped.entries.first)
        #expect(result.unmapped.entries.count == 1)
        #expect(entry.sourceId == "no-such-queue")
        let rejects = try Self.lines(folder + "/rejects.jsonl")
        #expect(rejects.compactMap { $0["line"]?.intValue } == [2, 5, 6])
        #expect(rejects.allSatisfy { $0["file"]?.stringValue == input && ($0["reason"]?.stringValue?.isEmpty == false) })
        #expect(rejects[0]["reason"]?.stringValue?.contains("invalid JSON") == true)
        #expect(rejects[2]["reason"]?.stringValue?.contains("startTime") == true)
    }

    @Test("skip-record mode: everything else carried over, the unmapped record rejected with its reason")
    func skipMode() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (input, rules) = try Self.handMadeWindow(folder)
        let files = WindowTransform.Files(input: input, output: folder + "/out.jsonl", rejects: folder + "/rejects.jsonl", temporaryFolder: folder)
        let result = try WindowTransform(rules: rules, policy: .skipRecord).run(files)
        #expect(result.outputRecords == 3)
        let rejects = try Self.lines(folder + "/rejects.jsonl")
        #expect(rejects.compactMap { $0["line"]?.intValue } == [2, 5, 6, 7])
        let unmapped = rejects[3]
        #expect(unmapped["reason"]?.stringValue?.contains("no-such-queue") == true)
        #expect(unmapped["reason"]?.stringValue?.contains("routing.queue.id") == true)
        #expect(unmapped["record"]?["routing"]?["queue"]?["id"] == "no-such-queue")
        #expect(try Self.lines(folder + "/out.jsonl").count == 3)
    }
}
