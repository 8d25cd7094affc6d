import Essentials
@testable import MigrationCLI
import Testing

@Suite("bench all: rows and table")
struct BenchAllCommandTests {
    static let rows = [
        BenchRow(name: "JSON core", records: 100_000, seconds: 2, cpuSeconds: 2.5, peakResidentBytes: 150_000_000, notes: "one core"),
        BenchRow(name: "import at the rate limit", records: 1_500, seconds: 0.5, cpuSeconds: 0.25, peakResidentBytes: nil, notes: "2.00 requests/chunk",
                 details: ["requests": 3]),
    ]

    @Test func aRowReadsBackFromItsJSONLine() throws {
        for row in Self.rows {
            let back = try #require(BenchRow(json: try JSONParser.parse(Array(row.jsonLine.utf8))))
            #expect(back == row)
        }
        #expect(Self.rows[0].recordsPerSecond == 50_000)
        #expect(Self.rows[0].cpuSecondsPer100k == 2.5)
        #expect(BenchRow(json: ["row": "x"]) == nil)
    }

    @Test func theTableAlignsItsColumns() {
        let lines = BenchAllCommand.table(Self.rows).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("row                       records  seconds  records/s  CPU s/100k  peak RSS MB  notes"))
        #expect(lines[1] == "JSON core                 100,000     2.00     50,000        2.50        150.0  one core")
        #expect(lines[2] == "import at the rate limit    1,500     0.50      3,000       16.67            ?  2.00 requests/chunk")
    }

    @Test func aFolderThatIsNotThereIsAUsageError() async {
        let run = await ToolRun.of(["bench", "all", "--quick", "--folder", "/nonexistent/helperJ"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--folder"))
        #expect(run.standardOutput == "")
    }
}
