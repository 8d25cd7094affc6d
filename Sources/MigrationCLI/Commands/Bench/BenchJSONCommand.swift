import Essentials

/// `bench json`: measures how fast records are parsed, serialised canonically and hashed.
enum BenchJSONCommand: Command {
    /// Records processed when `--records` is not given.
    static let defaultRecords = 200_000

    static let spec = CommandSpec(
        name: "json",
        summary: "Measure JSON parse, canonical serialise and SHA-256 throughput.",
        options: [
            .option(
                "records", valueName: "N", help: "Number of synthetic interaction records to process.",
                defaultValue: String(defaultRecords)),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitStatus {
        // Keep this check when replacing the body: MigrationCLITests expect its errors.
        let records = try parsed.int("records", default: defaultRecords, in: 1...Int.max)
        // TODO(lead): replace with benchmark
        context.printError("bench json: the benchmark is not implemented yet (asked for \(records) records)")
        return .failure
    }
}
