import Essentials
import Foundation

/// Exports one large window from an org (the emulator, in another process) with each source
/// kind, timing the part the export controls: from the completed job to the verified file.
public struct ExportBenchmark: Sendable {
    /// The figures of one source kind.
    public struct Result: Sendable {
        public var kind: ExportSourceKind
        public var records: Int
        /// The whole run: identity, lists, job, polls, download or pages, verification.
        public var totalSeconds: Double
        /// From the job's completion to the verified file.
        public var fetchSeconds: Double
        /// Result pages (analytics) and the time the org's budget allows them in at best.
        public var pages: Int
        public var floorSeconds: Double
        /// Peak resident memory of this process so far (VmHWM).
        public var peakResidentBytes: Int?
        /// CPU seconds this process used during the whole run (every thread; not the emulator's).
        public var cpuSeconds: Double = 0
        public var recordsPerSecond: Double { fetchSeconds > 0 ? Double(records) / fetchSeconds : 0 }
    }

    public var client: OrgClient
    public var window: ExportWindow
    /// Requests per window of the org's budget, and the window's length: the analytics floor.
    public var budget: Int
    public var budgetWindowSeconds: Double
    public var folder: String

    public init(client: OrgClient, window: ExportWindow, budget: Int = 300, budgetWindowSeconds: Double = 60, folder: String) {
        self.client = client
        self.window = window
        self.budget = budget
        self.budgetWindowSeconds = budgetWindowSeconds
        self.folder = folder
    }

    /// Exports the window with `kind` into a fresh migration under `folder` (removed afterwards).
    public func run(_ kind: ExportSourceKind) async throws -> Result {
        let workspace = try MigrationWorkspace(root: folder + "/\(kind.rawValue)", name: "bench-export")
        defer { try? FileManager.default.removeItem(atPath: workspace.root) }
        let range = try ExportRange(from: window.start, to: window.end, window: "\((window.end.millisecondsSinceEpoch - window.start.millisecondsSinceEpoch) / 3_600_000)h",
                                    now: ISOTimestamp.now())
        let phase = ExportPhase(workspace: workspace, client: client,
                                options: .init(range: range, sourceKind: kind, concurrency: 1, firstPollSeconds: 0.05, pollCapSeconds: 1))
        let store = try StateStore(workspace)
        var clock = Stopwatch()
        let cpuBefore = ProcessCPUTime.seconds()
        let summary = try await phase.run(store: store)
        let total = clock.lap()
        let cpuSeconds = ProcessCPUTime.seconds() - cpuBefore
        try await store.close()
        guard let outcome = summary.windows.first, outcome.state.status == .completed else {
            throw WindowFailure(reason: "the benchmark window was not exported: \(summary.windows.first?.state.lastError ?? "no outcome")")
        }
        let pages = kind == .analytics ? max(1, (outcome.state.recordCount + 999) / 1000) : 0
        return Result(kind: kind, records: outcome.state.recordCount, totalSeconds: total, fetchSeconds: outcome.fetchSeconds,
                      pages: pages, floorSeconds: Double(pages) * budgetWindowSeconds / Double(budget),
                      peakResidentBytes: ProcessMemory.peakResidentBytes(), cpuSeconds: cpuSeconds)
    }
}
