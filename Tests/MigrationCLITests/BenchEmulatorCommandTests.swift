import Testing

@Suite("bench emulator")
struct BenchEmulatorCommandTests {
    @Test func printsRequestAndImportRates() async throws {
        let run = await ToolRun.of(["bench", "emulator", "--requests", "400", "--connections", "2", "--chunks", "3"])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        let gets = try #require(lines.first { $0.hasPrefix("small GETs") })
        #expect(gets.contains("400 requests") && gets.hasSuffix(" requests/s"))
        let imports = try #require(lines.first { $0.hasPrefix("import jobs") })
        #expect(imports.contains("3,000 records in") && imports.hasSuffix(" records/s"))
    }
}
