import Essentials
import Foundation

/// The import at the destination's rate limit: a migration prepared end to end (mapping file
/// generated from both orgs with its open entries given a destination, one window exported and
/// transformed), then imported, timing the import alone.
///
/// The floor is the larger of what the destination allows at best: its jobs run one at a time,
/// so no import is shorter than the sum of their durations; and the requests the import sent
/// can't go faster than the budget (requests ÷ budget per second).
public struct ImportBenchmark: Sendable {
    /// The figures of one import.
    public struct Result: Sendable {
        public var records: Int
        public var chunks: Int
        public var seconds: Double
        /// Requests the destination received during the import (token, identity, lists, jobs, polls).
        public var requests: Int
        public var posts: Int
        public var polls: Int
        public var rateLimited: Int
        /// The sum of the jobs' durations, and the requests ÷ the budget.
        public var serialJobSeconds: Double
        public var budgetSeconds: Double
        public var peakResidentBytes: Int?
        /// CPU seconds this process used during the import (every thread; the emulator's too
        /// when it runs in this process).
        public var cpuSeconds: Double = 0
        public var floorSeconds: Double { max(serialJobSeconds, budgetSeconds) }
        public var requestsPerChunk: Double { chunks > 0 ? Double(requests) / Double(chunks) : 0 }
        public var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }
    }

    public var source: OrgClient
    public var destination: OrgClient
    public var workspace: MigrationWorkspace
    /// The day exported.
    public var window: ExportWindow
    public var budget: Int
    public var budgetWindowSeconds: Double
    /// The destination's job time: fixed, and per record, in seconds.
    public var jobSeconds: Double
    public var jobSecondsPerRecord: Double

    public init(source: OrgClient, destination: OrgClient, workspace: MigrationWorkspace, window: ExportWindow,
                budget: Int = 300, budgetWindowSeconds: Double = 60, jobSeconds: Double = 0.5, jobSecondsPerRecord: Double = 0.000_05) {
        self.source = source
        self.destination = destination
        self.workspace = workspace
        self.window = window
        self.budget = budget
        self.budgetWindowSeconds = budgetWindowSeconds
        self.jobSeconds = jobSeconds
        self.jobSecondsPerRecord = jobSecondsPerRecord
    }

    /// Generates the mapping file, exports the window and transforms it. Returns the records
    /// transformed.
    public func prepare() async throws -> Int {
        let sourceIdentity = try await source.organization()
        let destinationIdentity = try await destination.organization()
        let sourceDirectory = try await OrgDirectory.fetch(using: source, identity: sourceIdentity)
        let destinationDirectory = try await OrgDirectory.fetch(using: destination, identity: destinationIdentity)
        let mapping = MappingGenerator.generate(source: sourceDirectory, destination: destinationDirectory, previous: nil,
                                                generatedAt: ISOTimestamp.now()).file
            .resolvingOpenEntries { destinationDirectory[$0][0].id }
        try FileManager.default.createDirectory(atPath: workspace.root + "/mappings", withIntermediateDirectories: true)
        try mapping.write(to: workspace.mappingFile)
        let hours = (window.end.millisecondsSinceEpoch - window.start.millisecondsSinceEpoch) / 3_600_000
        let range = try ExportRange(from: window.start, to: window.end, window: "\(hours)h", now: ISOTimestamp.now())
        let store = try StateStore(workspace)
        do {
            let export = ExportPhase(workspace: workspace, client: source,
                                     options: .init(range: range, sourceKind: .interactionExport, concurrency: 1, firstPollSeconds: 0.05, pollCapSeconds: 1))
            let exported = try await export.run(store: store)
            guard exported.failed.isEmpty else { throw WindowFailure(reason: "the benchmark window was not exported") }
            let transform = TransformPhase(workspace: workspace, options: .init(policy: .skipRecord, schema: .destination(version: "v2.1", client: destination)))
            let transformed = try await transform.run(store: store)
            try await store.close()
            return transformed.windows.reduce(0) { $0 + $1.state.outputRecords }
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Imports the prepared migration. `requestCount` reads the destination's request count
    /// (the emulator's), before and after.
    public func run(requestCount: @Sendable () async throws -> Int) async throws -> Result {
        let before = try await requestCount()
        let rateLimitedBefore = destination.rateLimitedResponses
        let store = try StateStore(workspace)
        let phase = ImportPhase(workspace: workspace, client: destination, options: .init())
        var clock = Stopwatch()
        let cpuBefore = ProcessCPUTime.seconds()
        let summary: ImportSummary
        do { summary = try await phase.run(store: store) } catch {
            try? await store.close()
            throw error
        }
        let seconds = clock.lap()
        let cpuSeconds = ProcessCPUTime.seconds() - cpuBefore
        try await store.close()
        guard summary.isComplete else {
            throw WindowFailure(reason: "the benchmark import did not complete: \(summary.failed.count) chunks failed, \(summary.pending.count) pending")
        }
        let requests = try await requestCount() - before
        let records = summary.chunks.reduce(0) { $0 + $1.records }
        let serial = Double(summary.chunks.count) * jobSeconds + Double(records) * jobSecondsPerRecord
        return Result(records: records, chunks: summary.chunks.count, seconds: seconds, requests: requests,
                      posts: summary.posts, polls: summary.polls, rateLimited: destination.rateLimitedResponses - rateLimitedBefore,
                      serialJobSeconds: serial, budgetSeconds: Double(requests) * budgetWindowSeconds / Double(budget),
                      peakResidentBytes: ProcessMemory.peakResidentBytes(), cpuSeconds: cpuSeconds)
    }
}
