import Essentials
import Foundation
import MigrationKit
import OrgEmulator

/// `bench import`: the import at the destination's rate limit, against the emulator in-process.
enum BenchImportCommand: Command {
    static let spec = CommandSpec(
        name: "import",
        summary: "Measure the import at the destination's rate limit: requests per chunk, 429s, time against the floor.",
        discussion: """
            Runs the emulator's default pair in-process: the destination with a budget of 300 \
            requests per 60 s and import jobs of 500 ms + 0.05 ms per record. Prepares a migration \
            of N records in one day (mapping file, export, transform), then times the import alone \
            and prints records/s, requests per chunk, the 429s received, and the elapsed time \
            against the floor: the larger of the sum of the job durations and the requests ÷ the \
            budget. Targets: at most 2.2 requests per chunk, at most 1.2x the floor, no 429.

            Example:

              interaction-migrate bench import --records 100000
            """,
        options: [
            .option("records", valueName: "N", help: "Records to import (in 1,000-record chunks).", defaultValue: "100000"),
            .option("folder", valueName: "DIR", help: "Where to put the migration's files (removed afterwards).", defaultValue: "/tmp"),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let records = try parsed.int("records", default: 100_000, in: 1...2_000_000)
        let folder = (parsed.value("folder") ?? "/tmp") + "/interaction-migrate-bench-import-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var knobs = OrgKnobs()
        knobs.jobLatencyMilliseconds = 0
        knobs.jobLatencyPerRecordMilliseconds = 0
        knobs.downloadURLLifetimeSeconds = 3600
        let from = ISOTimestamp(year: 2024, month: 1, day: 1)
        var orgs = EmulatorSetup(seed: 1, records: records, days: 1, from: from, knobs: knobs).defaultPair()
        var destination = OrgKnobs()
        destination.rateLimit = 300
        destination.rateWindowSeconds = 60
        destination.jobLatencyMilliseconds = 500
        destination.jobLatencyPerRecordMilliseconds = 0.05
        orgs[1].knobs = destination
        context.printError("starting the emulator with \(Figures.grouped(records)) records in one day, and preparing the migration...")
        let emulator = try Emulator(orgs: orgs)
        defer { emulator.shutdown() }
        func client(_ label: String, _ role: OrgRole) throws -> OrgClient {
            let org = emulator.endpoint(label)!
            return OrgClient(label: role.rawValue, endpoint: try OrgEndpoint(apiBase: org.apiBase, loginBase: nil),
                             credentials: OrgCredentials(clientId: org.clientId, clientSecret: Secret(org.clientSecret)))
        }
        let benchmark = ImportBenchmark(source: try client("source", .source), destination: try client("destination", .destination),
                                        workspace: try MigrationWorkspace(root: folder, name: "bench-import"),
                                        window: ExportWindow(start: from, end: from.adding(seconds: 86_400)))
        let prepared = try await benchmark.prepare()
        context.printError("importing \(Figures.grouped(prepared)) transformed records...")
        let destinationOrg = emulator.orgs[1]
        let result = try await benchmark.run { destinationOrg.requestTotal() }
        let ratio = result.floorSeconds > 0 ? result.seconds / result.floorSeconds : 0
        context.print("import: \(Figures.grouped(result.records)) records in \(result.chunks) chunks, \(Figures.oneDecimal(result.seconds)) s, \(Figures.grouped(Int(result.recordsPerSecond))) records/s")
        context.print("requests: \(result.requests) (\(result.posts) jobs, \(result.polls) polls), \(String(format: "%.2f", result.requestsPerChunk)) per chunk (target at most 2.2); 429s received: \(result.rateLimited) (target 0)")
        context.print("floor: \(Figures.oneDecimal(result.floorSeconds)) s (serial job time \(Figures.oneDecimal(result.serialJobSeconds)) s, requests / budget \(Figures.oneDecimal(result.budgetSeconds)) s); elapsed \(String(format: "%.2f", ratio))x the floor (target at most 1.2x)")
        if let peak = result.peakResidentBytes { context.print("peak RSS (VmHWM): \(Figures.megabytes(peak)) MB") }
        return .success
    }
}
