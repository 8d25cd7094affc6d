import Essentials
import OrgEmulator

/// `bench emulator`: shows that the emulator is never the bottleneck.
enum BenchEmulatorCommand: Command {
    static let spec = CommandSpec(
        name: "emulator",
        summary: "Measure the emulator: small GETs per second on keep-alive loopback, and import records per second.",
        discussion: """
            Runs the emulator's default pair in this process, sends the small GET requests over the \
            keep-alive connections, then runs the import jobs (no job latency), and prints requests/s, \
            records/s and the peak resident memory.

            Example:

              interaction-migrate bench emulator --requests 20000 --connections 4 --chunks 50
            """,
        options: [
            .option("requests", valueName: "N", help: "Small GET requests to send.", defaultValue: "20000"),
            .option("connections", valueName: "N", help: "Keep-alive connections to send them over.", defaultValue: "4"),
            .option("chunks", valueName: "N", help: "Import jobs of 1,000 records to run.", defaultValue: "50"),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let requests = try parsed.int("requests", default: 20_000, in: 1...10_000_000)
        let connections = try parsed.int("connections", default: 4, in: 1...64)
        let chunks = try parsed.int("chunks", default: 50, in: 1...10_000)
        let result = try EmulatorBenchmark.run(getRequests: requests, connections: connections, importChunks: chunks)
        context.print("small GETs (keep-alive, \(connections) connections): \(Figures.grouped(result.getRequests)) requests, \(Figures.grouped(Int(result.getRequestsPerSecond.rounded()))) requests/s")
        context.print("import jobs (latency 0, 1,000 records each): \(Figures.grouped(result.importedRecords)) records in \(Figures.oneDecimal(result.importSeconds)) s, \(Figures.grouped(Int(result.importRecordsPerSecond.rounded()))) records/s")
        if let peak = ProcessMemory.peakResidentBytes() {
            context.print("peak RSS (VmHWM): \(Figures.megabytes(peak)) MB")
        }
        return .success
    }
}
