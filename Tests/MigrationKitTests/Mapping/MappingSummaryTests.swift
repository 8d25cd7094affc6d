import MigrationKit
import Testing

@Suite("Mapping summary")
struct MappingSummaryTests {
    @Test("the table has a header and one row per list, columns aligned")
    func table() {
        let result = MappingFixtures.generate(MappingFixtures.defaultPair.source, MappingFixtures.defaultPair.destination)
        let table = result.summary.table()
        let expected = """
            list           exact  normalized  manual  ambiguous  unmatched  excluded  destination-only  resolved
            queues           142           6       0          1          1         0                 4  no
            flows             27           2       0          0          1         0                 3  no
            wrap-up codes     37           2       0          0          1         0                 3  no

            """
        #expect(table == expected)
    }

    @Test("counts add up and resolution needs no ambiguous or unmatched entry")
    func counts() {
        var counts = MappingSummary.Counts(entries: [
            MappingEntry(sourceId: "1", sourceName: "A", destinationId: "x", match: .exact),
            MappingEntry(sourceId: "2", sourceName: "B", destinationId: "y", match: .manual),
            MappingEntry(sourceId: "3", sourceName: "C", match: .excluded),
        ])
        #expect(counts.total == 3)
        #expect(counts[.exact] == 1 && counts[.manual] == 1 && counts[.excluded] == 1)
        #expect(counts.isResolved)
        counts.unmatched = 1
        #expect(!counts.isResolved)
        #expect(!MappingSummary(flows: counts).isResolved)
        #expect(MappingSummary().isResolved)
    }
}
