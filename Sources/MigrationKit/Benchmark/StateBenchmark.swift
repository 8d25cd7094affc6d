import Essentials
import Foundation

/// Drives the state store alone through the import protocol's three steps per chunk
/// (`submitting` → `submitted` → `completed`, contract §7.5), timing each step, to show that a
/// step costs the same at the ten-thousandth chunk as at the first.
public struct StateBenchmark: Sendable {
    /// The figures of one run.
    public struct Result: Sendable {
        public var chunks: Int
        public var windows: Int
        /// Steps recorded: three per chunk.
        public var transitions: Int
        /// From opening the store to closing it (the last fold included).
        public var totalSeconds: Double
        /// Bytes written to the journal and the state file.
        public var bytesWritten: Int
        /// Times the journal was folded into the state file (the one at close included).
        public var folds: Int
        /// The state file's size at the end.
        public var stateFileBytes: Int
        /// One step's time: median, 99th percentile, slowest.
        public var medianSeconds: Double
        public var p99Seconds: Double
        public var maxSeconds: Double
    }

    public var chunks: Int
    public var windows: Int
    /// A folder for the migration's state (removed afterwards).
    public var folder: String

    /// How many fresh migrations of `chunks` are run; their steps are pooled for the percentiles
    /// (a 99th percentile of 300 steps is the third slowest, too few to compare).
    public var repetitions: Int

    /// `chunks` chunks spread evenly over `windows` windows, `repetitions` times.
    public init(chunks: Int, windows: Int, repetitions: Int = 1, folder: String) {
        self.chunks = chunks
        self.windows = max(1, min(windows, chunks))
        self.repetitions = max(1, repetitions)
        self.folder = folder
    }

    /// Runs the protocol on `repetitions` fresh migrations in `folder`: totals are per migration
    /// (the mean), percentiles over every step of all of them.
    public func run() async throws -> Result {
        var steps: [Double] = []
        var total = 0.0, bytes = 0, folds = 0, size = 0
        for _ in 0..<repetitions {
            let one = try await runOnce()
            steps += one.steps
            total += one.seconds
            bytes += one.bytesWritten
            folds += one.folds
            size = one.stateFileBytes
        }
        steps.sort()
        func percentile(_ p: Double) -> Double { steps.isEmpty ? 0 : steps[min(steps.count - 1, Int((Double(steps.count) * p).rounded(.up)) - 1)] }
        let n = Double(repetitions)
        return Result(chunks: chunks, windows: windows, transitions: steps.count / repetitions, totalSeconds: total / n,
                      bytesWritten: bytes / repetitions, folds: folds / repetitions, stateFileBytes: size,
                      medianSeconds: percentile(0.5), p99Seconds: percentile(0.99), maxSeconds: steps.last ?? 0)
    }

    private func runOnce() async throws -> (steps: [Double], seconds: Double, bytesWritten: Int, folds: Int, stateFileBytes: Int) {
        try? FileManager.default.removeItem(atPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workspace = try MigrationWorkspace(root: folder, name: "bench-state")
        var steps: [Double] = []
        steps.reserveCapacity(chunks * 3)
        var total = Stopwatch()
        let store = try StateStore(workspace)
        var clock = Stopwatch()
        for chunk in 0..<chunks {
            let window = String(format: "20240101T000000Z_%05d", chunk % windows)
            let index = chunk / windows
            let hash = SHA256.hash(Array("chunk \(chunk)".utf8)).hex
            let importId = "import-\(chunk)"
            for state in [ImportChunkState(index: index, records: 1000, status: .submitting),
                          ImportChunkState(index: index, records: 1000, status: .submitted, importId: importId),
                          ImportChunkState(index: index, records: 1000, status: .completed, importId: importId)] {
                _ = clock.lap()
                try await store.record(.importChunk(window: window, chunk: hash, state))
                steps.append(clock.lap())
            }
        }
        try await store.close()
        let seconds = total.lap()
        let size = (try? FileManager.default.attributesOfItem(atPath: workspace.stateFile)[.size] as? Int) ?? 0
        return (steps, seconds, await store.bytesWritten, await store.folds, size)
    }
}
