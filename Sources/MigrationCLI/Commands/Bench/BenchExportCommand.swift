import Essentials
import Foundation
import MigrationKit

/// `bench export`: one large window exported from the emulator, running in another process, with
/// both source kinds.
enum BenchExportCommand: Command {
    static let spec = CommandSpec(
        name: "export",
        summary: "Measure the export of one large window from an emulator in another process, with both source kinds.",
        discussion: """
            Starts `interaction-migrate emulator` as a child process with N records in one day and \
            no job latency, then exports that day with interaction export jobs (records/s from the \
            completed job to the verified file) and with analytics jobs under the default budget of \
            300 requests per 60 s (elapsed time against the floor the budget sets: result pages / \
            budget), and prints this process's peak RSS after each.

            Example:

              interaction-migrate bench export --records 200000
              interaction-migrate bench export --records 50000 --kinds analytics --folder /tmp
            """,
        options: [
            .option("records", valueName: "N", help: "Records in the window (about 1.25 KB each).", defaultValue: "200000"),
            .option("folder", valueName: "DIR", help: "Where to put the exported files (removed afterwards).", defaultValue: "."),
            .option("kinds", valueName: "LIST", help: "Source kinds to measure.", defaultValue: "interaction-export,analytics"),
            .flag("json", help: "Print one JSON line per source kind (the rows of 'bench all') instead."),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let records = try parsed.int("records", default: 200_000, in: 1...5_000_000)
        let kinds = try (parsed.value("kinds") ?? "interaction-export,analytics").split(separator: ",").map { text in
            guard let kind = ExportSourceKind(rawValue: String(text)) else { throw parsed.invalidValue("kinds", expected: "interaction-export and/or analytics") }
            return kind
        }
        let folder = (parsed.value("folder") ?? ".") + "/.interaction-migrate-bench-export-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        context.printError("starting the emulator with \(Figures.grouped(records)) records in one day...")
        let emulator = try EmulatorProcess.start(arguments: [
            "emulator", "--port", "0", "--records", String(records), "--days", "1", "--from", "2024-01-01",
            "--job-latency-ms", "0", "--job-latency-per-record-ms", "0", "--download-ttl", "3600",
        ])
        defer { emulator.stop() }
        let source = try emulator.org("source")
        var environment = context.environment
        environment["SOURCE_CLIENT_ID"] = source.clientId
        environment["SOURCE_CLIENT_SECRET"] = source.clientSecret
        let client = OrgClient(label: "source", endpoint: try OrgEndpoint(apiBase: source.apiBase, loginBase: nil),
                               credentials: try OrgCredentials.fromEnvironment(role: .source, environment: environment))
        let window = ExportWindow(start: ISOTimestamp(year: 2024, month: 1, day: 1), end: ISOTimestamp(year: 2024, month: 1, day: 2))
        let benchmark = ExportBenchmark(client: client, window: window, folder: folder)
        for kind in kinds {
            let result = try await benchmark.run(kind)
            let peak = result.peakResidentBytes.map { "\(Figures.megabytes($0)) MB" } ?? "unknown"
            if parsed.flag("json") {
                context.print(jsonRow(result).jsonLine)
                continue
            }
            switch kind {
            case .interactionExport:
                context.print("interaction-export: \(Figures.grouped(result.records)) records, \(Figures.oneDecimal(result.fetchSeconds)) s from the completed job to the verified file, \(Figures.grouped(Int(result.recordsPerSecond))) records/s (whole run \(Figures.oneDecimal(result.totalSeconds)) s); peak RSS \(peak)")
            case .analytics:
                let ratio = result.floorSeconds > 0 ? result.totalSeconds / result.floorSeconds : 0
                context.print("analytics: \(Figures.grouped(result.records)) records in \(result.pages) pages, \(Figures.oneDecimal(result.totalSeconds)) s against a floor of \(Figures.oneDecimal(result.floorSeconds)) s (\(String(format: "%.2f", ratio))x), \(Figures.grouped(Int(Double(result.records) / max(result.totalSeconds, 0.001)))) records/s; peak RSS \(peak)")
            }
        }
        return .success
    }

    /// The row of `bench all` for one source kind: the whole export of the window.
    private static func jsonRow(_ result: ExportBenchmark.Result) -> BenchRow {
        let ratio = result.floorSeconds > 0 ? result.totalSeconds / result.floorSeconds : 0
        let notes: String
        let fetch = "\(Figures.oneDecimal(result.fetchSeconds)) s (\(Figures.grouped(Int(result.recordsPerSecond))) records/s)"
        let floor = "\(String(format: "%.2f", ratio))x the floor of \(Figures.oneDecimal(result.floorSeconds)) s"
        switch result.kind {
        case .interactionExport:
            notes = "source kind interaction-export, job latency 0; completed job to verified file \(fetch); client process, emulator in a separate process"
        case .analytics:
            notes = "source kind analytics, \(result.pages) pages at 300 requests / 60 s: \(floor); client process, emulator in a separate process"
        }
        let details: [(String, JSONValue)] = [
            ("kind", .string(result.kind.rawValue)), ("fetchSeconds", .double(result.fetchSeconds)),
            ("pages", .int(Int64(result.pages))), ("floorSeconds", .double(result.floorSeconds)),
        ]
        return BenchRow(name: "export (\(result.kind.rawValue))", records: result.records, seconds: result.totalSeconds,
                        cpuSeconds: result.cpuSeconds, peakResidentBytes: result.peakResidentBytes, notes: notes,
                        details: .object(JSONObject(details)))
    }
}
