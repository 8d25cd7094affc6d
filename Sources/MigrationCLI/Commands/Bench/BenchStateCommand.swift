import Essentials
import Foundation
import MigrationKit

/// `bench state`: the state store alone through the import protocol, at 100 chunks and at N.
enum BenchStateCommand: Command {
    static let spec = CommandSpec(
        name: "state",
        summary: "Measure the state store through the import protocol's three steps per chunk, at 100 chunks and at N.",
        discussion: """
            Records submitting, submitted and completed for every chunk (spread over 200 windows at \
            10,000 chunks, 50 chunks per window), each on disk before the next, and prints the total \
            time, the bytes written and one step's median and 99th-percentile time. A step's cost must \
            not grow with the migration: the 99th percentile at N should stay within 2x of the one at 100. \
            The 100-chunk run is repeated (up to 10 times, on fresh state) and its steps pooled, so that \
            its percentile rests on thousands of steps; its total and bytes are per run.

            Example:

              interaction-migrate bench state --chunks 10000 --folder .
            """,
        options: [
            .option("chunks", valueName: "N", help: "Chunks of the large run.", defaultValue: "10000"),
            .option("folder", valueName: "DIR", help: "Where to put the state (removed afterwards); use the disk you will migrate on.", defaultValue: "."),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let chunks = try parsed.int("chunks", default: 10_000, in: 100...1_000_000)
        let folder = (parsed.value("folder") ?? ".") + "/.interaction-migrate-bench-state-\(getpid())"
        context.print("chunks  windows  steps   total s  written MB  folds  state MB  median ms  p99 ms  max ms")
        var p99: [Double] = []
        for size in [100, chunks] {
            // Small runs are repeated so that their 99th percentile rests on as many steps.
            let repetitions = max(1, min(10, chunks / size))
            let result = try await StateBenchmark(chunks: size, windows: size / 50, repetitions: repetitions, folder: folder).run()
            p99.append(result.p99Seconds)
            context.print([
                pad(Figures.grouped(result.chunks), 6), pad(String(result.windows), 7), pad(Figures.grouped(result.transitions), 6),
                pad(String(format: "%.2f", result.totalSeconds), 8), pad(Figures.oneDecimal(Double(result.bytesWritten) / 1_000_000), 10),
                pad(String(result.folds), 5), pad(Figures.oneDecimal(Double(result.stateFileBytes) / 1_000_000), 8),
                pad(milliseconds(result.medianSeconds), 9), pad(milliseconds(result.p99Seconds), 6), pad(milliseconds(result.maxSeconds), 6),
            ].joined(separator: "  "))
        }
        if p99[0] > 0 {
            context.print("p99 at \(Figures.grouped(chunks)) / p99 at 100: \(String(format: "%.2f", p99[1] / p99[0]))x (target: within 2x)")
        }
        return .success
    }

    private static func milliseconds(_ seconds: Double) -> String { String(format: "%.3f", seconds * 1000) }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
