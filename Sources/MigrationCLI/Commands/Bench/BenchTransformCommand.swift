import Essentials
import Foundation
import MigrationKit

/// `bench transform`: the transform end to end on a generated export file.
enum BenchTransformCommand: Command {
    static let spec = CommandSpec(
        name: "transform",
        summary: "Measure the transform end to end on a generated export file: records/s and peak memory.",
        discussion: """
            Writes a generated export file of N records and its mapping file to a temporary folder \
            under --folder, then times the whole transform of it (read, parse, strip, remap, schema \
            check, canonical write, sort, write, both SHA-256s) and prints records/s, MB/s, how many \
            records took the fast path, the sorted runs written to disk and the peak resident memory.

            Example:

              interaction-migrate bench transform --records 200000
              interaction-migrate bench transform --records 850000 --memory-budget 256
            """,
        options: [
            .option("records", valueName: "N", help: "Records in the generated export file (about 1.2 KB each).", defaultValue: "200000"),
            .option("memory-budget", valueName: "MB", help: "The transform's memory budget for sorting.", defaultValue: "256"),
            .option("folder", valueName: "DIR", help: "Where to put the generated files (removed afterwards).", defaultValue: "/tmp"),
            .flag("json", help: "Print one JSON line (the row of 'bench all') instead."),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let records = try parsed.int("records", default: 200_000, in: 1...100_000_000)
        let budget = try parsed.int("memory-budget", default: 256, in: 16...1_048_576) << 20
        let folder = (parsed.value("folder") ?? "/tmp") + "/interaction-migrate-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        context.printError("generating \(records) exported records in \(folder)...")
        let result = try TransformBenchmark(records: records, memoryBudget: budget, folder: folder).run()
        if parsed.flag("json") {
            let notes: String = "whole transform of one file, \(result.spilledRuns) sorted runs on disk (budget \(budget >> 20) MB)"
            let details: [(String, JSONValue)] = [
                ("outputRecords", .int(Int64(result.outputRecords))), ("spilledRuns", .int(Int64(result.spilledRuns))),
                ("fastPathRecords", .int(Int64(result.fastPathRecords))), ("inputBytes", .int(Int64(result.inputBytes))),
            ]
            let row = BenchRow(
                name: "transform", records: result.records, seconds: result.transformSeconds, cpuSeconds: result.cpuSeconds,
                peakResidentBytes: result.peakResidentBytes, notes: notes, details: .object(JSONObject(details)))
            context.print(row.jsonLine)
            return .success
        }
        context.print("input: \(Figures.grouped(result.records)) records, \(Figures.megabytes(result.inputBytes)) MB (generated in \(Figures.oneDecimal(result.generateSeconds)) s)")
        context.print("transform: \(Figures.grouped(result.outputRecords)) written, \(result.unmappedRecords) rejected as unmapped, \(result.spilledRuns) sorted runs on disk, \(Figures.grouped(result.fastPathRecords)) on the fast path")
        context.print("end to end: \(Figures.oneDecimal(result.transformSeconds)) s, \(Figures.grouped(Int(result.recordsPerSecond.rounded()))) records/s, \(Figures.oneDecimal(result.megabytesPerSecond)) MB/s")
        if let peak = result.peakResidentBytes { context.print("peak RSS (VmHWM): \(Figures.megabytes(peak)) MB (budget \(budget >> 20) MB)") }
        return .success
    }
}
