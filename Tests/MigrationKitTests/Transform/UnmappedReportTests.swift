import Essentials
import MigrationKit
import Testing

@Suite("Unmapped and schema drift reports")
struct UnmappedReportTests {
    static func queue(_ id: String, _ name: String? = nil, _ path: String = "routing.queue.id") -> UnmappedReference {
        UnmappedReference(kind: .queues, sourceId: id, sourceName: name, path: path)
    }

    static func code(_ id: String, _ name: String? = nil) -> UnmappedReference {
        UnmappedReference(kind: .wrapupCodes, sourceId: id, sourceName: name, path: "wrapupCode.id")
    }

    static func flow(_ id: String, _ name: String? = nil) -> UnmappedReference {
        UnmappedReference(kind: .flows, sourceId: id, sourceName: name, path: "routing.flow.id")
    }

    @Test("entities count distinct records and keep the first three examples")
    func counting() throws {
        var report = UnmappedReport()
        #expect(report.isEmpty)
        report.add([], recordSourceId: "r0")
        #expect(report.isEmpty)
        report.add([Self.queue("q1", "Billing"), Self.queue("q1", "Billing", "participants[1].queueId")], recordSourceId: "r1")
        for id in ["r2", "r3", "r4", "r5"] { report.add([Self.queue("q1")], recordSourceId: id) }
        #expect(!report.isEmpty)
        #expect(report.records == 5)
        let entry = try #require(report.entries.first)
        #expect(entry.records == 5)
        #expect(entry.examples == ["r1", "r2", "r3"])
        #expect(entry.sourceName == "Billing")
    }

    @Test("entries are sorted by kind, then name (unknown last), then id")
    func order() {
        var report = UnmappedReport()
        report.add([Self.code("w1", "Spam"), Self.flow("f1", "IVR"), Self.queue("q9", "Zeta")], recordSourceId: "r1")
        report.add([Self.queue("q2"), Self.queue("q1", "Alpha"), Self.queue("q0")], recordSourceId: "r2")
        #expect(report.entries.map(\.sourceId) == ["q1", "q9", "q0", "q2", "f1", "w1"])
    }

    @Test("merging keeps examples in order of first appearance and adds counts")
    func merging() throws {
        var first = UnmappedReport()
        first.add([Self.queue("q1", "Billing")], recordSourceId: "a1")
        first.add([Self.queue("q1")], recordSourceId: "a2")
        var second = UnmappedReport()
        second.add([Self.queue("q1")], recordSourceId: "b1")
        second.add([Self.queue("q1"), Self.flow("f1")], recordSourceId: "b2")
        var merged = first
        merged.merge(second)
        #expect(merged.records == 4)
        #expect(merged.entries.map(\.records) == [4, 1])
        #expect(merged.entries.first?.examples == ["a1", "a2", "b1"])
        #expect(merged.entries.last?.examples == ["b2"])

        var sequential = UnmappedReport()
        sequential.add([Self.queue("q1", "Billing")], recordSourceId: "a1")
        sequential.add([Self.queue("q1")], recordSourceId: "a2")
        sequential.add([Self.queue("q1")], recordSourceId: "b1")
        sequential.add([Self.queue("q1"), Self.flow("f1")], recordSourceId: "b2")
        #expect(merged.entries == sequential.entries)
    }

    @Test("the JSON report has the documented shape")
    func json() throws {
        var report = UnmappedReport()
        report.add([Self.queue("q1", "Billing"), Self.code("w9")], recordSourceId: "r1")
        report.add([Self.flow("f1", "IVR")], recordSourceId: "r2")
        let expected: JSONValue = [
            "unmapped": [
                ["kind": "queue", "sourceId": "q1", "sourceName": "Billing", "records": 1, "examples": ["r1"]],
                ["kind": "flow", "sourceId": "f1", "sourceName": "IVR", "records": 1, "examples": ["r2"]],
                ["kind": "wrapupCode", "sourceId": "w9", "sourceName": nil, "records": 1, "examples": ["r1"]],
            ],
            "records": 2,
        ]
        #expect(try JSONWriter.canonical(report.jsonValue()) == JSONWriter.canonical(expected))
        #expect(report.jsonValue().objectValue?.keys == ["unmapped", "records"])
    }

    @Test("the text report is an aligned table ending with what to do")
    func text() {
        var report = UnmappedReport()
        report.add([Self.queue("q1", "Billing Support"), Self.code("w9")], recordSourceId: "r1")
        for id in ["r2", "r3", "r4"] { report.add([Self.queue("q1")], recordSourceId: id) }
        let text = report.text(mappingName: "prod-to-eu")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "4 records reference 2 unmapped entities:")
        #expect(lines[2] == "KIND          SOURCE ID  SOURCE NAME      RECORDS  EXAMPLES")
        #expect(lines[3] == "queue         q1         Billing Support        4  r1, r2, r3, ...")
        #expect(lines[4] == "wrap-up code  w9         (unknown)              1  r1")
        #expect(text.contains("mappings/prod-to-eu.json"))
        #expect(text.contains("--on-unmapped skip-record"))
        #expect(text.contains("--fallback-wrapup-code NAME"))
        #expect(text.hasSuffix(".\n"))
        #expect(UnmappedReport().text() == "no unmapped references\n")

        var queuesOnly = UnmappedReport()
        queuesOnly.add([Self.queue("q1")], recordSourceId: "r1")
        #expect(!queuesOnly.text().contains("--fallback-wrapup-code"))
        #expect(queuesOnly.text().contains("mappings/NAME.json"))
    }

    @Test("schema drift counts records per dropped field and merges")
    func schemaDrift() throws {
        var a = SchemaDriftReport()
        #expect(a.isEmpty)
        a.add(["sentiment"])
        a.add(["sentiment", "zeta"])
        var b = SchemaDriftReport()
        b.add(["sentiment"])
        b.add([])
        a.merge(b)
        #expect(a.counts == ["sentiment": 3, "zeta": 1])
        #expect(a.fields == ["sentiment", "zeta"])
        #expect(try JSONWriter.canonical(a.jsonValue()) == JSONWriter.canonical(["droppedFields": ["sentiment": 3, "zeta": 1]]))
    }
}
