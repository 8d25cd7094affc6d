import Essentials
import Foundation
import Synchronization

/// The import phase of a named migration: every transformed window (`state/NAME/transformed/`)
/// into the destination org, in chunks that are sent exactly once (contract §7.3–§7.5, §8).
///
/// - Each window's records are cut, in `externalId` order, into chunks of at most
///   ``Options/chunkSize``; a chunk is known by the SHA-256 of its canonical request body and
///   goes through `submitting` → `submitted` → `completed` / `failed` in the state store, each
///   step on disk before the next request.
/// - Completed chunks are never sent again; submitted ones are polled; in-doubt ones are sent
///   again and a `DUPLICATE_KEY` failure of theirs is reconciled by sending the rest.
/// - A window whose transformed file changed since it was planned (the mapping was fixed and the
///   transform ran again) is planned again: completed chunks stay as they were, the others are
///   sent as in doubt, so nothing is duplicated and nothing skipped.
/// - Before the first POST, a pre-flight check refuses a destination that is the source, and
///   stops (sending nothing) when the chunks carry queue, flow or wrap-up code ids the
///   destination doesn't have.
/// - Up to ``Options/concurrency`` jobs are in flight; each is polled once near its predicted
///   end (``JobSchedule``). Every request goes through the destination client's pacer.
public struct ImportPhase: Sendable {
    /// How to import.
    public struct Options: Sendable {
        /// Records per chunk, 1...1000.
        public var chunkSize: Int
        /// Import jobs in flight at once.
        public var concurrency: Int
        /// The records' schema version (`schemaVersion` of every request).
        public var schemaVersion: String
        /// Reconcile `DUPLICATE_KEY` failures of chunks that were not in doubt too (§7.5 rule 6).
        public var reconcileDuplicates: Bool
        /// Start a fresh import section, keeping the state file as it was beside it.
        public var newState: Bool
        /// The first poll's wait before any job of the run has completed, in seconds.
        public var firstPollSeconds: Double
        /// The longest wait between polls of a late job.
        public var pollCapSeconds: Double
        /// POSTs of one chunk that failed transiently before it is left (in doubt) for the next run.
        public var submitAttempts: Int
        /// Test-only pauses.
        public var testPauses: ImportTestPauses
        /// Only these transformed windows, or every one when nil (`run` imports each window as
        /// soon as it is transformed).
        public var windows: Set<String>?
        /// The destination's queues, flows and wrap-up codes for the pre-flight check, when the
        /// caller fetched them already (`run`, once for all its windows); fetched when nil.
        public var directory: OrgDirectory?

        public init(chunkSize: Int = 1000, concurrency: Int = 4, schemaVersion: String = "v2.1", reconcileDuplicates: Bool = false,
                    newState: Bool = false, firstPollSeconds: Double = 1, pollCapSeconds: Double = 30, submitAttempts: Int = 8,
                    testPauses: ImportTestPauses = ImportTestPauses()) {
            self.chunkSize = min(1000, max(1, chunkSize))
            self.concurrency = max(1, concurrency)
            self.schemaVersion = schemaVersion
            self.reconcileDuplicates = reconcileDuplicates
            self.newState = newState
            self.firstPollSeconds = firstPollSeconds
            self.pollCapSeconds = pollCapSeconds
            self.submitAttempts = max(1, submitAttempts)
            self.testPauses = testPauses
        }
    }

    public let workspace: MigrationWorkspace
    /// The destination org's client.
    public let client: OrgClient
    public let options: Options

    public init(workspace: MigrationWorkspace, client: OrgClient, options: Options) {
        self.workspace = workspace
        self.client = client
        self.options = options
    }

    /// One chunk of the plan and what is recorded of it.
    struct Work: Sendable {
        var chunk: ImportChunk
        var recorded: ImportChunkState?
        /// The window was planned again: chunks not recorded yet are sent as in doubt.
        var replanned: Bool
    }

    /// Counters shared by the chunk tasks.
    final class Counters: Sendable {
        let posts = Atomic<Int>(0)
        let polls = Atomic<Int>(0)
    }

    /// Imports every transformed window, reporting through `progress`.
    ///
    /// - Throws: when the run can't start (the destination is the source, another configuration
    ///   is recorded, nothing is transformed, a transformed file is not the transform's) or the
    ///   state can't be recorded. A chunk's own failure is in the summary, not thrown.
    public func run(store: StateStore, progress: @escaping @Sendable (ImportEvent) -> Void = { _ in }) async throws -> ImportSummary {
        var clock = Stopwatch()
        let identity = try await client.organization()
        var summary = ImportSummary(destinationOrgId: identity.id, destinationOrgName: identity.name)
        let mapping = FileManager.default.fileExists(atPath: workspace.mappingFile) ? try MappingFile.read(path: workspace.mappingFile) : nil
        let exportedFrom = await store.state.export.sourceOrgId
        guard let sourceOrgId = mapping?.source.orgId ?? exportedFrom else {
            throw ImportPhaseError.unknownSourceOrg(mappingFile: workspace.mappingFile)
        }
        guard sourceOrgId.lowercased() != identity.id.lowercased() else {
            throw ImportPhaseError.sameOrg(id: identity.id, name: identity.name)
        }
        let configuration = ImportConfiguration(sourceOrgId: sourceOrgId, destinationOrgId: identity.id,
                                                schemaVersion: options.schemaVersion, chunkSize: options.chunkSize)
        if options.newState {
            // A stamp no kept file has yet: two --new-state runs within one second must not
            // overwrite the first one's archive (the lock keeps other writers out meanwhile).
            let second = ExportWindow.compact(ISOTimestamp.now())
            var stamp = second
            var suffix = 1
            while FileManager.default.fileExists(atPath: workspace.archivedStateFile(stamp: stamp)) {
                suffix += 1
                stamp = "\(second)-\(suffix)"
            }
            if let archive = try await store.startFreshImport(stamp: stamp) {
                summary.archivedStateFile = archive
                progress(.note("--new-state: started a fresh import; the state file as it was is kept as \(archive)"))
            }
        }
        let recordedConfiguration = await store.state.imports.configuration
        if let recordedConfiguration {
            let differences = recordedConfiguration.differences(from: configuration)
            guard differences.isEmpty else {
                throw ImportPhaseError.configurationMismatch(stateFile: workspace.stateFile, differences: differences)
            }
        }

        // Plan every window (reading its transformed file) before anything is sent.
        let transformed = await store.state.transform.windows.filter { options.windows?.contains($0.key) ?? true }
        guard !transformed.isEmpty else { throw ImportPhaseError.nothingTransformed(migration: workspace.name) }
        var planned: [PlannedWindow] = []
        for (window, state) in transformed.sorted(by: { $0.key < $1.key }) {
            guard let sha256 = state.outputSHA256 else {
                summary.notImportable.append((window, "blocked by unmapped references in the transform; map them in \(workspace.mappingFile) and run the transform again"))
                continue
            }
            planned.append(try PlannedWindow.read(window: window, path: workspace.transformedFile(window: window), expectedSHA256: sha256,
                                                  chunkSize: options.chunkSize, schemaVersion: options.schemaVersion))
        }
        // Recorded only once every window's file is known good: a refused import leaves the
        // state as it found it.
        if recordedConfiguration == nil {
            try await store.record(.importConfiguration(configuration))
        }
        var work: [Work] = []
        var replannedBecause: [String: String] = [:]
        for window in planned {
            let hashes = window.chunks.map(\.hash)
            let plan = await store.state.imports.plans[window.window]
            var replanned = false
            if let plan, plan.transformedSHA256 != window.transformedSHA256 || plan.chunks != hashes {
                replanned = true
                let reason = plan.transformedSHA256 != window.transformedSHA256
                    ? "its transformed file changed since its chunks were planned (the transform ran again)"
                    : "its chunks differ from those planned"
                replannedBecause[window.window] = reason
                try await store.record(.importPlan(window: window.window, ImportWindowPlan(
                    transformedSHA256: window.transformedSHA256, records: window.records, chunks: hashes, replannedBecause: reason)))
                progress(.note("window \(window.window) planned again: \(reason); completed chunks stay, the others are sent as in doubt"))
            } else if plan == nil {
                try await store.record(.importPlan(window: window.window, ImportWindowPlan(
                    transformedSHA256: window.transformedSHA256, records: window.records, chunks: hashes)))
            } else if plan?.replannedBecause != nil {
                // Planned again by an earlier run: its unrecorded chunks are still in doubt.
                replanned = true
            }
            let recorded = await store.state.imports.windows[window.window] ?? [:]
            for chunk in window.chunks {
                work.append(Work(chunk: chunk, recorded: recorded[chunk.hash], replanned: replanned))
            }
        }

        // Pre-flight: every reference of every chunk to send exists in the destination.
        let toSend = work.enumerated().filter { !Self.isSettled($0.element.recorded, reconcile: options.reconcileDuplicates) }
        if !toSend.isEmpty {
            // An org without the import-job API (a Genesys Cloud org) is refused before a chunk
            // is recorded as submitting, so that no chunk looks in doubt afterwards.
            guard try await client.interactionSchemas() != nil else {
                throw ImportPhaseError.noImportAPI(org: client.label, detail: "GET \(OrgClient.interactionSchemasPath) answered 404")
            }
            var references: [RecordReferences.Reference: Int] = [:]
            let byWindow = Dictionary(uniqueKeysWithValues: planned.map { ($0.window, $0) })
            for (_, item) in toSend {
                for (reference, count) in byWindow[item.chunk.window]!.references[item.chunk.index] { references[reference, default: 0] += count }
            }
            let directory: OrgDirectory
            if let known = options.directory { directory = known } else { directory = try await OrgDirectory.fetch(using: client, identity: identity) }
            summary.missingReferences = Self.missing(references, in: directory, mapping: mapping)
        }
        let total = work.count
        let completed = work.filter { $0.recorded?.status == .completed }
        progress(.planned(chunks: total, completed: completed.count, records: work.reduce(0) { $0 + $1.chunk.records },
                          completedRecords: completed.reduce(0) { $0 + ($1.recorded?.records ?? 0) }))
        var outcomes: [ImportChunkOutcome?] = Array(repeating: nil, count: work.count)
        if summary.stoppedByPreflight {
            for (position, item) in work.enumerated() { outcomes[position] = Self.standing(item) }
        } else {
            let schedule = JobSchedule(firstGuess: options.firstPollSeconds)
            let counters = Counters()
            try await withThrowingTaskGroup(of: (Int, ImportChunkOutcome).self) { group in
                var next = 0
                func launch() {
                    while next < work.count {
                        let position = next
                        let item = work[position]
                        next += 1
                        if Self.isSettled(item.recorded, reconcile: options.reconcileDuplicates) {
                            let outcome = Self.standing(item)
                            outcomes[position] = outcome
                            continue
                        }
                        group.addTask {
                            (position, try await self.send(item, store: store, schedule: schedule, counters: counters, progress: progress))
                        }
                        return
                    }
                }
                for _ in 0..<options.concurrency { launch() }
                while let (position, outcome) = try await group.next() {
                    outcomes[position] = outcome
                    progress(.chunkFinished(outcome))
                    launch()
                }
            }
            summary.posts = counters.posts.load(ordering: .relaxed)
            summary.polls = counters.polls.load(ordering: .relaxed)
        }
        summary.chunks = outcomes.compactMap { $0 }
        for window in planned {
            let mine = summary.chunks.filter { $0.window == window.window }
            summary.windows.append(ImportSummary.Window(
                window: window.window, records: window.records, chunks: mine.count,
                completed: mine.filter { $0.result == .completed }.count, failed: mine.filter { $0.result == .failed }.count,
                pending: mine.filter { $0.result == .pending }.count,
                importedRecords: mine.filter { $0.result == .completed }.reduce(0) { $0 + $1.records },
                replannedBecause: replannedBecause[window.window]))
        }
        summary.rateLimited = client.rateLimitedResponses
        summary.seconds = clock.lap()
        return summary
    }

    /// Whether a chunk recorded as `state` needs nothing sent or polled this run.
    static func isSettled(_ state: ImportChunkState?, reconcile: Bool) -> Bool {
        switch state?.status {
        case .completed: return true
        case .failed: return !(reconcile && state?.failure == .duplicateKey)
        default: return false
        }
    }

    /// The outcome of a chunk as recorded, for one this run does not touch.
    static func standing(_ item: Work) -> ImportChunkOutcome {
        let chunk = item.chunk
        switch item.recorded?.status {
        case .completed:
            return ImportChunkOutcome(window: chunk.window, index: chunk.index, hash: chunk.hash, result: .completed,
                                      records: item.recorded!.sentRecords, alreadyHeld: item.recorded!.excluded.count, finishedThisRun: false)
        case .failed:
            return ImportChunkOutcome(window: chunk.window, index: chunk.index, hash: chunk.hash, result: .failed, records: chunk.records,
                                      finishedThisRun: false, failure: item.recorded?.failure, errors: item.recorded?.errors ?? [])
        default:
            return ImportChunkOutcome(window: chunk.window, index: chunk.index, hash: chunk.hash, result: .pending, records: chunk.records,
                                      finishedThisRun: false, errors: ["not sent: the pre-flight check stopped the run"])
        }
    }

    /// The references the destination doesn't have, with the mapping entries that lead to them.
    static func missing(_ references: [RecordReferences.Reference: Int], in directory: OrgDirectory, mapping: MappingFile?) -> [MissingReference] {
        var known: [MappingKind: Set<String>] = [:]
        for kind in MappingKind.allCases { known[kind] = Set(directory[kind].map { $0.id.lowercased() }) }
        var out: [MissingReference] = []
        for (reference, records) in references where !(known[reference.kind]?.contains(reference.id.lowercased()) ?? false) {
            let entries = (mapping?[reference.kind] ?? []).filter { $0.destinationId?.lowercased() == reference.id.lowercased() }
                .map { "'\($0.sourceName)' (source id \($0.sourceId))" }
            out.append(MissingReference(kind: reference.kind, id: reference.id, records: records, mappingEntries: entries))
        }
        return out.sorted { ($0.kind.key, $0.id) < ($1.kind.key, $1.id) }
    }
}
