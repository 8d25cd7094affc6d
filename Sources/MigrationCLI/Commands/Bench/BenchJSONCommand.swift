import Essentials
import Foundation
import MigrationKit

/// `bench json`: measures how fast records are parsed, serialised canonically and hashed.
enum BenchJSONCommand: Command {
    /// Records processed when `--records` is not given.
    static let defaultRecords = 200_000

    static let spec = CommandSpec(
        name: "json",
        summary: "Measure JSON parse, canonical serialise and SHA-256 throughput.",
        discussion: """
            Generates N interaction records of the contract's v2.1 shape (about 1.25 KB each) in \
            memory and prints, for parse, canonical serialise, SHA-256 and the three together (on \
            one core and on every core): records/s, MB/s, and the peak resident memory.

            Example:

              interaction-migrate bench json --records 200000
            """,
        options: [
            .option(
                "records", valueName: "N", help: "Number of synthetic interaction records to process.",
                defaultValue: String(defaultRecords)),
            .flag("json", help: "Print one JSON line (the row of 'bench all': parse + canonical + SHA-256 on one core) instead."),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        // Keep this check when replacing the body: MigrationCLITests expect its errors.
        let records = try parsed.int("records", default: defaultRecords, in: 1...Int.max)
        context.printError("generating \(records) interaction records of the contract's §6 shape...")
        let result = try JSONBenchmark(records: records).run()
        if parsed.flag("json"), let combined = result.stages.first(where: { $0.name == "parse + canonical + SHA-256" }) {
            let row = BenchRow(
                name: "JSON core", records: result.records, seconds: combined.seconds, cpuSeconds: combined.cpuSeconds ?? 0,
                peakResidentBytes: result.peakResidentBytes,
                notes: "parse + canonical + SHA-256 on one core; RSS includes the \(Figures.megabytes(result.inputBytes)) MB input held in memory",
                details: .object(JSONObject(result.stages.map { ($0.name, .double(($0.recordsPerSecond * 10).rounded() / 10)) })))
            context.print(row.jsonLine)
            return .success
        }
        context.print("records: \(result.records), \(result.inputBytes / max(result.records, 1)) bytes each on average (\(Figures.megabytes(result.inputBytes)) MB)")
        let width = result.stages.map(\.name.count).max() ?? 0
        for stage in result.stages {
            let name = stage.name.padding(toLength: width, withPad: " ", startingAt: 0)
            context.print("\(name)  \(Figures.grouped(Int(stage.recordsPerSecond.rounded()))) records/s  \(Figures.oneDecimal(stage.megabytesPerSecond)) MB/s")
        }
        if let peak = result.peakResidentBytes {
            context.print("peak RSS (VmHWM): \(Figures.megabytes(peak)) MB")
        }
        context.print("SHA-256 of all canonical records: \(result.digest)")
        return .success
    }
}
