import Essentials
import MigrationKit
import Testing

@Suite("JSON benchmark")
struct JSONBenchmarkTests {
    @Test("generated records are identical for a seed, about 1 KB, and complete per §6")
    func sampleRecords() throws {
        let a = SampleInteractions.jsonLines(count: 300, seed: 7)
        #expect(a == SampleInteractions.jsonLines(count: 300, seed: 7))
        #expect(a != SampleInteractions.jsonLines(count: 300, seed: 8))
        let lines = a.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == 300)
        #expect((900...1500).contains(a.count / lines.count))
        var ids = Set<String>()
        for line in lines {
            let record = try JSONParser.parse(line)
            for field in ["id", "type", "state", "startTime"] {
                #expect(record[field]?.stringValue != nil, "record lacks \(field)")
            }
            #expect(record["routing"]?["queue"]?["id"]?.stringValue != nil)
            #expect(record["participants"]?.arrayValue?.isEmpty == false)
            ids.insert(try #require(record["id"]?.stringValue))
        }
        #expect(ids.count == 300)
    }

    @Test("a run reports every stage and a digest that depends only on the records")
    func run() throws {
        let result = try JSONBenchmark(records: 2_500).run()
        #expect(result.records == 2_500)
        let names = result.stages.map(\.name)
        #expect(Array(names.prefix(4)) == ["parse", "canonical serialise", "SHA-256", "parse + canonical + SHA-256"])
        for stage in result.stages {
            #expect(stage.records == 2_500)
            #expect(stage.seconds > 0)
        }
        #expect(try JSONBenchmark(records: 2_500).run().digest == result.digest)
        // The digest is SHA-256 over the records' canonical forms, one after another.
        var expected = SHA256()
        var parser = JSONParser()
        for line in SampleInteractions.jsonLines(count: 2_500).split(separator: UInt8(ascii: "\n")) {
            let value = try line.withUnsafeBytes { try parser.parse($0) }
            expected.update(try JSONWriter.canonical(value))
        }
        #expect(result.digest == expected.finalize().hex)
        #expect((result.peakResidentBytes ?? 0) > 0)
    }
}
