import Essentials
import Foundation
import Testing

extension EndToEnd {
    @Suite("interaction-migrate bench all")
    struct BenchAllCommandTests {
        static let rowNames = [
            "JSON core", "transform", "export (interaction-export)", "export (analytics)", "import at the rate limit", "demo end to end",
        ]

        @Test("--quick --json: every row, each with positive figures of its own")
        func quickJSON() throws {
            let run = try ToolProcess.run(["bench", "all", "--quick", "--json"], timeout: 600)
            #expect(run.status == 0, "\(run.error)")
            let rows = try #require(try JSONParser.parse(Array(run.output.utf8)).arrayValue)
            #expect(rows.compactMap { $0["row"]?.stringValue } == Self.rowNames)
            for row in rows {
                let name = row["row"]?.stringValue ?? "?"
                for figure in ["records", "seconds", "recordsPerSecond", "cpuSeconds", "cpuSecondsPer100k", "peakResidentBytes"] {
                    #expect((row[figure]?.doubleValue ?? 0) > 0, "\(name): \(figure) is \(String(describing: row[figure]))")
                }
                #expect(row["notes"]?.stringValue?.isEmpty == false, "\(name) has no notes")
            }
            let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0["row"]?.stringValue ?? "", $0) })
            let importRow = try #require(byName["import at the rate limit"])
            #expect(importRow["records"]?.intValue == 2000)
            #expect(importRow["details"]?["chunks"]?.intValue == 2)
            #expect((importRow["details"]?["requests"]?.intValue ?? 0) > 0)
            #expect(importRow["details"]?["rateLimited"]?.intValue != nil)
            #expect(importRow["notes"]?.stringValue?.contains("emulator in a separate process") == true)
            #expect(byName["export (analytics)"]?["details"]?["kind"]?.stringValue == "analytics")
            #expect(byName["export (interaction-export)"]?["details"]?["kind"]?.stringValue == "interaction-export")
            #expect(byName["demo end to end"]?["records"]?.intValue == 100)
        }
    }
}
