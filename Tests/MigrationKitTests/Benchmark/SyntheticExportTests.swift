import Essentials
import Foundation
import MigrationKit
import Testing

@Suite("Synthetic export")
struct SyntheticExportTests {
    static func withFolder<Result>(_ body: (String) throws -> Result) throws -> Result {
        let folder = "/tmp/synthetic-export-tests-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(folder)
    }

    /// Every (kind, id) a record references, per the contract's §6 table.
    static func references(_ record: JSONValue) -> [(MappingKind, String)] {
        var found: [(MappingKind, String)] = []
        func add(_ kind: MappingKind, _ value: JSONValue?) {
            if let id = value?.stringValue { found.append((kind, id)) }
        }
        add(.queues, record["routing"]?["queue"]?["id"])
        add(.flows, record["routing"]?["flow"]?["id"])
        add(.wrapupCodes, record["wrapupCode"]?["id"])
        for participant in record["participants"]?.arrayValue ?? [] {
            add(.queues, participant["queueId"])
            add(.wrapupCodes, participant["wrapup"]?["codeId"])
        }
        for transfer in record["transfers"]?.arrayValue ?? [] {
            add(.queues, transfer["fromQueueId"])
            add(.queues, transfer["toQueueId"])
        }
        return found
    }

    @Test("N parseable lines, every reference in the mapping, about 2 % on the unmatched queue")
    func recordsAndMapping() throws {
        try Self.withFolder { folder in
            let path = folder + "/export.jsonl"
            let result = try SyntheticExport.write(records: 5_000, to: path, seed: 11, unmappedShare: 0.02)
            let bytes = try #require(FileManager.default.contents(atPath: path).map { [UInt8]($0) })
            #expect(bytes.count == result.bytes)
            #expect(bytes.last == UInt8(ascii: "\n"))
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == 5_000)
            #expect(result.mapping.source.orgId == result.sourceOrgId)

            let unmatched = result.mapping.queues.filter { $0.match == .unmatched }
            #expect(unmatched.count == 1)
            let retired = try #require(unmatched.first?.sourceId)
            var recordsOnRetired = 0
            var ids: [String] = []
            for line in lines {
                let record = try JSONParser.parse(Array(line))
                ids.append(try #require(record["id"]?.stringValue))
                var onRetired = false
                for (kind, id) in Self.references(record) {
                    if kind == .queues, id == retired {
                        onRetired = true
                        continue
                    }
                    #expect(result.mapping.destination(for: kind, sourceId: id) != nil, "\(kind) \(id) is not mapped")
                }
                if onRetired { recordsOnRetired += 1 }
            }
            // 2 % of 5,000 is 100; a binomial draw lands well inside this range.
            #expect((50...150).contains(recordsOnRetired))
            #expect(Set(ids).count == 5_000)
            // Random order of id (and so of externalId): sorting has work to do.
            #expect(ids != ids.sorted())
        }
    }

    @Test("the same seed gives the same bytes and mapping; without an unmapped share every queue maps")
    func deterministic() throws {
        try Self.withFolder { folder in
            let a = try SyntheticExport.write(records: 1_200, to: folder + "/a.jsonl", seed: 5)
            let b = try SyntheticExport.write(records: 1_200, to: folder + "/b.jsonl", seed: 5)
            let c = try SyntheticExport.write(records: 1_200, to: folder + "/c.jsonl", seed: 6)
            let bytesA = FileManager.default.contents(atPath: folder + "/a.jsonl")
            #expect(bytesA == FileManager.default.contents(atPath: folder + "/b.jsonl"))
            #expect(bytesA != FileManager.default.contents(atPath: folder + "/c.jsonl"))
            #expect(a.mapping == b.mapping && a.sourceOrgId == b.sourceOrgId && a.bytes == b.bytes)
            #expect(a.sourceOrgId != c.sourceOrgId)
            #expect(a.mapping.queues.allSatisfy { $0.match == .exact })
            // Without unmapped records, the file holds exactly SampleInteractions' records.
            #expect(bytesA.map { [UInt8]($0) } == SampleInteractions.jsonLines(count: 1_200, seed: 5))
        }
    }

    @Test("a file larger than one write chunk is whole, and zero records give an empty file")
    func chunkingAndEmpty() throws {
        try Self.withFolder { folder in
            let big = try SyntheticExport.write(records: 3_000, to: folder + "/big.jsonl", seed: 1, unmappedShare: 0.5)
            #expect(big.bytes > 2 * 1024 * 1024)
            let text = try #require(FileManager.default.contents(atPath: folder + "/big.jsonl"))
            #expect(text.count == big.bytes)
            #expect(text.filter { $0 == UInt8(ascii: "\n") }.count == 3_000)
            let empty = try SyntheticExport.write(records: 0, to: folder + "/empty.jsonl")
            #expect(empty.bytes == 0)
            #expect(FileManager.default.contents(atPath: folder + "/empty.jsonl")?.isEmpty == true)
        }
    }
}
