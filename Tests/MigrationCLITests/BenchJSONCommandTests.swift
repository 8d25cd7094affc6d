import Testing

@Suite("bench json")
struct BenchJSONCommandTests {
    @Test func printsEveryStageWithRatesAndPeakMemory() async throws {
        let run = await ToolRun.of(["bench", "json", "--records", "1500"])
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("records: 1500,") == true)
        for stage in ["parse ", "canonical serialise ", "SHA-256 ", "parse + canonical + SHA-256 "] {
            let line = try #require(lines.first { $0.hasPrefix(stage) }, "no line for \(stage)")
            #expect(line.contains(" records/s"))
            #expect(line.hasSuffix(" MB/s"))
        }
        #expect(lines.contains { $0.hasPrefix("peak RSS (VmHWM): ") && $0.hasSuffix(" MB") })
        #expect(run.standardError.contains("generating 1500"))
    }
}
