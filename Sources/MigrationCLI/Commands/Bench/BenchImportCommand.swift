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
            .flag("emulator-process", help: "Run the emulator as a child process (every org with the destination's knobs), so that CPU and peak RSS are the client's alone."),
            .flag("json", help: "Print one JSON line (the row of 'bench all') instead."),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let records = try parsed.int("records", default: 100_000, in: 1...2_000_000)
        let folder = (parsed.value("folder") ?? "/tmp") + "/interaction-migrate-bench-import-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if parsed.flag("emulator-process") {
            return try await runWithEmulatorProcess(records: records, folder: folder, json: parsed.flag("json"), context: context)
        }
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
        if parsed.flag("json") {
            context.print(jsonRow(result, emulator: "client and emulator in one process").jsonLine)
            return .success
        }
        let ratio = result.floorSeconds > 0 ? result.seconds / result.floorSeconds : 0
        context.print("import: \(Figures.grouped(result.records)) records in \(result.chunks) chunks, \(Figures.oneDecimal(result.seconds)) s, \(Figures.grouped(Int(result.recordsPerSecond))) records/s")
        context.print("requests: \(result.requests) (\(result.posts) jobs, \(result.polls) polls), \(String(format: "%.2f", result.requestsPerChunk)) per chunk (target at most 2.2); 429s received: \(result.rateLimited) (target 0)")
        context.print("floor: \(Figures.oneDecimal(result.floorSeconds)) s (serial job time \(Figures.oneDecimal(result.serialJobSeconds)) s, requests / budget \(Figures.oneDecimal(result.budgetSeconds)) s); elapsed \(String(format: "%.2f", ratio))x the floor (target at most 1.2x)")
        if let peak = result.peakResidentBytes { context.print("peak RSS (VmHWM): \(Figures.megabytes(peak)) MB") }
        return .success
    }

    /// The same import against `interaction-migrate emulator` as a child process. Its knobs apply
    /// to every org, so the source's export job also takes 500 ms + 0.05 ms per record (in the
    /// preparation, not timed), and the source also has the budget (the preparation sends few requests).
    private static func runWithEmulatorProcess(records: Int, folder: String, json: Bool, context: CommandContext) async throws -> ExitCode {
        context.printError("starting the emulator with \(Figures.grouped(records)) records in one day, and preparing the migration...")
        let emulator = try EmulatorProcess.start(arguments: [
            "emulator", "--port", "0", "--records", String(records), "--days", "1", "--from", "2024-01-01",
            "--rate-limit", "300", "--rate-window", "60", "--job-latency-ms", "500", "--job-latency-per-record-ms", "0.05",
            "--download-ttl", "3600",
        ])
        defer { emulator.stop() }
        func client(_ label: String, _ role: OrgRole) throws -> OrgClient {
            let org = try emulator.org(label)
            return OrgClient(label: role.rawValue, endpoint: try OrgEndpoint(apiBase: org.apiBase, loginBase: nil),
                             credentials: OrgCredentials(clientId: org.clientId, clientSecret: Secret(org.clientSecret)))
        }
        let from = ISOTimestamp(year: 2024, month: 1, day: 1)
        let benchmark = ImportBenchmark(source: try client("source", .source), destination: try client("destination", .destination),
                                        workspace: try MigrationWorkspace(root: folder, name: "bench-import"),
                                        window: ExportWindow(start: from, end: from.adding(seconds: 86_400)))
        let prepared = try await benchmark.prepare()
        context.printError("importing \(Figures.grouped(prepared)) transformed records...")
        let summaryURL = try emulator.org("destination").apiBase + "/emulator/summary"
        let result = try await benchmark.run {
            let response = try await URLSessionTransport().send(TransportRequest(method: "GET", url: summaryURL))
            guard let total = try JSONParser.parse(response.body)["requests"]?["total"]?.intValue else {
                throw EmulatorProcess.Problem(reason: "answered /emulator/summary without requests.total")
            }
            return Int(total)
        }
        if json {
            context.print(jsonRow(result, emulator: "client process, emulator in a separate process").jsonLine)
        } else {
            let ratio = result.floorSeconds > 0 ? result.seconds / result.floorSeconds : 0
            context.print("import: \(Figures.grouped(result.records)) records in \(result.chunks) chunks, \(Figures.oneDecimal(result.seconds)) s, \(Figures.grouped(Int(result.recordsPerSecond))) records/s")
            context.print("requests: \(result.requests), \(String(format: "%.2f", result.requestsPerChunk)) per chunk; 429s received: \(result.rateLimited); elapsed \(String(format: "%.2f", ratio))x the floor of \(Figures.oneDecimal(result.floorSeconds)) s")
            if let peak = result.peakResidentBytes { context.print("peak RSS (VmHWM, this process alone): \(Figures.megabytes(peak)) MB") }
        }
        return .success
    }

    /// The row of `bench all`: the import alone, with what the destination's budget allows at best.
    private static func jsonRow(_ result: ImportBenchmark.Result, emulator: String) -> BenchRow {
        let ratio = result.floorSeconds > 0 ? result.seconds / result.floorSeconds : 0
        let perChunk: String = String(format: "%.2f", result.requestsPerChunk)
        let overFloor: String = String(format: "%.2f", ratio)
        let floor: String = Figures.oneDecimal(result.floorSeconds)
        let notes: String = "\(perChunk) requests/chunk, \(result.rateLimited) 429s, \(overFloor)x the floor of \(floor) s (300 requests / 60 s, jobs 500 ms + 0.05 ms/record); \(emulator)"
        let details: [(String, JSONValue)] = [
            ("chunks", .int(Int64(result.chunks))), ("requests", .int(Int64(result.requests))),
            ("requestsPerChunk", .double((result.requestsPerChunk * 100).rounded() / 100)), ("rateLimited", .int(Int64(result.rateLimited))),
            ("floorSeconds", .double(result.floorSeconds)), ("elapsedOverFloor", .double((ratio * 100).rounded() / 100)),
        ]
        return BenchRow(
            name: "import at the rate limit", records: result.records, seconds: result.seconds, cpuSeconds: result.cpuSeconds,
            peakResidentBytes: result.peakResidentBytes, notes: notes, details: .object(JSONObject(details)))
    }
}
