import Essentials

/// What an import did: the destination, each window's chunks, what failed and why, and what the
/// pre-flight check stopped.
public struct ImportSummary: Sendable {
    /// One window's standing.
    public struct Window: Sendable, Equatable {
        public var window: String
        public var records: Int
        public var chunks: Int
        public var completed: Int
        public var failed: Int
        public var pending: Int
        /// Records the destination holds from this window's completed chunks.
        public var importedRecords: Int
        /// Why the window was planned again this run, when it was.
        public var replannedBecause: String?
    }

    public var destinationOrgId: String
    public var destinationOrgName: String
    /// Windows in time order.
    public var windows: [Window] = []
    /// Windows that could not be imported at all, with the reason (blocked by the transform).
    public var notImportable: [(window: String, reason: String)] = []
    /// Every chunk's outcome, in plan order.
    public var chunks: [ImportChunkOutcome] = []
    /// What the pre-flight check found missing in the destination; non-empty means nothing was sent.
    public var missingReferences: [MissingReference] = []
    /// The state file as it was before `--new-state`, when one was kept.
    public var archivedStateFile: String?
    /// Import jobs posted this run (re-sends included), and status polls.
    public var posts = 0
    public var polls = 0
    /// 429 answers waited out.
    public var rateLimited = 0
    public var seconds: Double = 0

    public init(destinationOrgId: String, destinationOrgName: String) {
        self.destinationOrgId = destinationOrgId
        self.destinationOrgName = destinationOrgName
    }

    public var stoppedByPreflight: Bool { !missingReferences.isEmpty }
    public var failed: [ImportChunkOutcome] { chunks.filter { $0.result == .failed } }
    public var pending: [ImportChunkOutcome] { chunks.filter { $0.result == .pending } }
    public var completedChunks: Int { chunks.filter { $0.result == .completed }.count }
    /// Records the destination holds from completed chunks (this run's and earlier runs').
    public var importedRecords: Int { chunks.filter { $0.result == .completed }.reduce(0) { $0 + $1.records } }
    /// Records imported by this run.
    public var importedThisRun: Int { chunks.filter { $0.result == .completed && $0.finishedThisRun }.reduce(0) { $0 + $1.records } }
    /// Whether every chunk of every window completed.
    public var isComplete: Bool { !stoppedByPreflight && notImportable.isEmpty && chunks.allSatisfy { $0.result == .completed } }

    /// The summary as JSON, for `--json`.
    public var jsonValue: JSONValue {
        func chunk(_ outcome: ImportChunkOutcome) -> JSONValue {
            var object = JSONObject([("window", .string(outcome.window)), ("index", .int(Int64(outcome.index))),
                                     ("chunk", .string(outcome.hash)), ("result", .string(outcome.result.rawValue)),
                                     ("records", .int(Int64(outcome.records)))])
            if outcome.alreadyHeld > 0 { object["alreadyHeld"] = .int(Int64(outcome.alreadyHeld)) }
            if let failure = outcome.failure { object["failure"] = .string(failure.rawValue) }
            if !outcome.errors.isEmpty { object["errors"] = .array(outcome.errors.map(JSONValue.string)) }
            return .object(object)
        }
        var object = JSONObject([
            ("destinationOrgId", .string(destinationOrgId)), ("destinationOrgName", .string(destinationOrgName)),
            ("complete", .bool(isComplete)), ("stoppedByPreflight", .bool(stoppedByPreflight)),
            ("chunks", .int(Int64(chunks.count))), ("completedChunks", .int(Int64(completedChunks))),
            ("failedChunks", .int(Int64(failed.count))), ("pendingChunks", .int(Int64(pending.count))),
            ("importedRecords", .int(Int64(importedRecords))), ("importedThisRun", .int(Int64(importedThisRun))),
            ("posts", .int(Int64(posts))), ("polls", .int(Int64(polls))), ("rateLimited", .int(Int64(rateLimited))),
            ("seconds", .double(seconds)),
        ])
        object["windows"] = .array(windows.map { window in
            var item = JSONObject([("window", .string(window.window)), ("records", .int(Int64(window.records))),
                                   ("chunks", .int(Int64(window.chunks))), ("completed", .int(Int64(window.completed))),
                                   ("failed", .int(Int64(window.failed))), ("pending", .int(Int64(window.pending))),
                                   ("importedRecords", .int(Int64(window.importedRecords)))])
            if let reason = window.replannedBecause { item["replannedBecause"] = .string(reason) }
            return .object(item)
        })
        object["notImportable"] = .array(notImportable.map { .object(JSONObject([("window", .string($0.window)), ("reason", .string($0.reason))])) })
        object["failed"] = .array(failed.map(chunk))
        object["pending"] = .array(pending.map(chunk))
        object["missingReferences"] = .array(missingReferences.map(\.jsonValue))
        if let archivedStateFile { object["archivedStateFile"] = .string(archivedStateFile) }
        return .object(object)
    }
}
