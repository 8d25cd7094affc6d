import Essentials
import Foundation

/// `bench all`: one table of every benchmark, each row measured in a child process of its own.
enum BenchAllCommand: Command {
    static let spec = CommandSpec(
        name: "all",
        summary: "Run every benchmark, each in a process of its own, and print one table.",
        discussion: """
            Runs each row as a child process of this binary, so that its CPU seconds and peak RSS \
            are its own: the JSON core (parse + canonical + SHA-256 on one core), the transform, the \
            export of one large window with each source kind (emulator in a separate process), the \
            import at the destination's rate limit (emulator in a separate process) and the demo end \
            to end. Each row shows records, seconds, records/s, CPU seconds per 100,000 records, peak \
            RSS and notes (source kind; requests per chunk, 429s and the elapsed time against the \
            budget's floor). The figures of the first four rows are the child's own, for the phase it \
            times; the demo's are its whole run, the commands it runs included. Build with \
            `-c release` first: debug builds are several times slower. The defaults take a few \
            minutes; --quick runs tiny sizes, to check that every row works.

            Example:

              swift run -c release interaction-migrate bench all
              interaction-migrate bench all --quick --json
            """,
        options: [
            .option("json-records", valueName: "N", help: "Records of the JSON core row (default 100000; 2000 with --quick)."),
            .option("transform-records", valueName: "N", help: "Records of the transform row (default 100000; 2000 with --quick)."),
            .option("export-records", valueName: "N", help: "Records in the exported window, per source kind (default 100000; 2000 with --quick)."),
            .option("import-records", valueName: "N", help: "Records imported at the rate limit (default 100000; 2000 with --quick)."),
            .option("demo-records", valueName: "N", help: "Records of the demo (default 5000, the demo's own; 100 with --quick)."),
            .option("demo-days", valueName: "D", help: "Days of the demo (default 7, the demo's own; 1 with --quick)."),
            .option("folder", valueName: "DIR", help: "Where the rows put their files (removed afterwards).", defaultValue: "/tmp"),
            .flag("quick", help: "Tiny sizes: checks that every row works; the figures mean little."),
            .flag("json", help: "Print the rows as a JSON array instead of the table."),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let quick = parsed.flag("quick")
        let size = quick ? 2000 : 100_000
        let jsonRecords = try parsed.int("json-records", default: size, in: 1...10_000_000)
        let transformRecords = try parsed.int("transform-records", default: size, in: 1...100_000_000)
        let exportRecords = try parsed.int("export-records", default: size, in: 1...5_000_000)
        let importRecords = try parsed.int("import-records", default: size, in: 1...2_000_000)
        let demoRecords = try parsed.int("demo-records", default: quick ? 100 : 5000, in: 100...200_000)
        let demoDays = try parsed.int("demo-days", default: quick ? 1 : 7, in: 1...31)
        let folder = parsed.value("folder") ?? "/tmp"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw parsed.invalidValue("folder", expected: "an existing folder")
        }
        let children: [(label: String, arguments: [String])] = [
            ("JSON core", ["bench", "json", "--records", String(jsonRecords), "--json"]),
            ("transform", ["bench", "transform", "--records", String(transformRecords), "--folder", folder, "--json"]),
            ("export (interaction-export)", ["bench", "export", "--records", String(exportRecords), "--kinds", "interaction-export", "--folder", folder, "--json"]),
            ("export (analytics)", ["bench", "export", "--records", String(exportRecords), "--kinds", "analytics", "--folder", folder, "--json"]),
            ("import at the rate limit", ["bench", "import", "--records", String(importRecords), "--folder", folder, "--emulator-process", "--json"]),
        ]
        var rows: [BenchRow] = []
        var failed: [String] = []
        for child in children {
            context.printError("bench all: \(child.label): interaction-migrate \(child.arguments.joined(separator: " "))")
            let result = try await BenchChild.run(child.arguments)
            let row = result.output.split(separator: "\n").lazy.compactMap { line in
                (try? JSONParser.parse(Array(line.utf8))).flatMap(BenchRow.init(json:))
            }.first
            guard result.status == 0, let row else {
                failed.append("\(child.label) (exit \(result.status)); run 'interaction-migrate \(child.arguments.dropLast().joined(separator: " "))' alone to see why")
                continue
            }
            rows.append(row)
        }
        let demoArguments = ["demo", "--records", String(demoRecords), "--days", String(demoDays)]
        context.printError("bench all: demo end to end: interaction-migrate \(demoArguments.joined(separator: " "))")
        let demo = try await BenchChild.run(demoArguments)
        if demo.status == 0 {
            rows.append(BenchRow(
                name: "demo end to end", records: demoRecords, seconds: demo.seconds, cpuSeconds: demo.cpuSeconds,
                peakResidentBytes: demo.peakResidentBytes,
                notes: "\(demoDays) days; the whole walkthrough (emulator in the demo's process) and the commands it runs: CPU summed over them, peak RSS the largest of them",
                details: ["days": JSONValue.int(Int64(demoDays))]))
        } else {
            failed.append("demo end to end (exit \(demo.status)); run 'interaction-migrate \(demoArguments.joined(separator: " "))' alone to see why")
        }
        if parsed.flag("json") {
            context.print(String(decoding: try JSONWriter.pretty(.array(rows.map(\.jsonValue)), sortedKeys: false), as: UTF8.self))
        } else {
            context.output.standardOutput(table(rows))
        }
        for failure in failed { context.printError("bench all: row failed: \(failure)") }
        return failed.isEmpty ? .success : .failure
    }

    /// The rows with aligned columns: text left-aligned, numbers right-aligned, the notes last.
    static func table(_ rows: [BenchRow]) -> String {
        let headers = ["row", "records", "seconds", "records/s", "CPU s/100k", "peak RSS MB", "notes"]
        let cells = rows.map { row -> [String] in
            [row.name, Figures.grouped(row.records), String(format: "%.2f", row.seconds), Figures.grouped(Int(row.recordsPerSecond.rounded())),
             String(format: "%.2f", row.cpuSecondsPer100k), row.peakResidentBytes.map(Figures.megabytes) ?? "?", row.notes]
        }
        let widths = headers.indices.map { column in ([headers] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column -> String in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                if column == cells.count - 1 { return cells[column] }
                return column == 0 ? cells[column] + padding : padding + cells[column]
            }.joined(separator: "  ")
        }
        return ([headers] + cells).map(line).joined(separator: "\n") + "\n"
    }
}
