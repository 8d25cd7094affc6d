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

    /// `chunks` chunks spread evenly over `windows` windows.
    public init(chunks: Int, windows: Int, folder: String) {
        self.chunks = chunks
        self.windows = max(1, min(windows, chunks))
        self.folder = folder
    }

    /// Runs the protocol on a fresh migration in `folder`.
    public func run() async throws -> Result {
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
        steps.sort()
        func percentile(_ p: Double) -> Double { steps.isEmpty ? 0 : steps[min(steps.count - 1, Int((Double(steps.count) * p).rounded(.up)) - 1)] }
        return Result(chunks: chunks, windows: windows, transitions: steps.count, totalSeconds: seconds,
                      bytesWritten: await store.bytesWritten, folds: await store.folds, stateFileBytes: size,
                      medianSeconds: percentile(0.5), p99Seconds: percentile(0.99), maxSeconds: steps.last ?? 0)
    }
}
