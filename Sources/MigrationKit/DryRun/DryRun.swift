import Essentials
import Foundation

/// The import as it would go, without writing to the destination (`import --dry-run`, and the last
/// step of `run --dry-run`).
///
/// - Reads both orgs' identities, and the destination's schema and configuration lists: GETs only.
/// - Plans every transformed window exactly as ``ImportPhase`` does (``PlannedWindow`` with the
///   transform's recorded SHA-256, the chunk size and schema version): the same chunks and hashes.
/// - Says of each chunk what the import would do with it by the state file: completed (never sent
///   again), to send, in doubt (a window planned again, a POST that may have been applied: sent
///   again, `DUPLICATE_KEY` reconciled), to poll, or recorded failed.
/// - Checks the chunks to send locally with the import API's rules: the §7.3 synchronous ones, the
///   references against the destination's configuration as it is now, and `DUPLICATE_KEY` within
///   the data and against what the state says is imported.
/// - Estimates the import's duration from the destination's rate budget and the job times the
///   state recorded.
///
/// It records nothing in the state; it writes only its report, `state/NAME/reports/dry-run-<UTC time>.json`.
public struct DryRun: Sendable {
    /// What would be imported, and how.
    public struct Options: Sendable {
        /// Records per chunk, 1...1000: the chunk size the import would be run with.
        public var chunkSize: Int
        /// The records' schema version.
        public var schemaVersion: String
        /// As the import's `--reconcile-duplicates`: duplicates of chunks that were never in doubt
        /// are left out rather than refused.
        public var reconcileDuplicates: Bool
        /// As the import's `--new-state`: plan against a fresh import section (nothing done yet).
        public var newState: Bool
        /// The time of one job when the state has none to learn from, in seconds (the import's
        /// own first guess).
        public var defaultJobSeconds: Double
        /// Whether to write the report file.
        public var writeReport: Bool

        public init(chunkSize: Int = 1000, schemaVersion: String = "v2.1", reconcileDuplicates: Bool = false, newState: Bool = false,
                    defaultJobSeconds: Double = 1, writeReport: Bool = true) {
            self.chunkSize = min(1000, max(1, chunkSize))
            self.schemaVersion = schemaVersion
            self.reconcileDuplicates = reconcileDuplicates
            self.newState = newState
            self.defaultJobSeconds = max(0, defaultJobSeconds)
            self.writeReport = writeReport
        }
    }

    public let workspace: MigrationWorkspace
    /// The destination org's client: it is sent GETs only.
    public let destination: OrgClient
    /// The source org's client, when the source is to be authenticated and shown too.
    public let source: OrgClient?
    public let options: Options

    public init(workspace: MigrationWorkspace, destination: OrgClient, source: OrgClient?, options: Options) {
        self.workspace = workspace
        self.destination = destination
        self.source = source
        self.options = options
    }

    /// Plans and checks every transformed window's chunks as the import would; sends nothing that
    /// writes and records nothing in the state. Writes the report file (unless told not to).
    ///
    /// - Throws: what would keep the import from starting at all (``ImportPhaseError``: the source
    ///   org unknown or the destination itself, nothing transformed), a request that failed, a
    ///   mapping file that can't be read, or the report that can't be written (`FileError`).
    public func run(store: StateStore) async throws -> DryRunReport {
        let createdAt = ISOTimestamp.now()
        let destinationIdentity = try await destination.organization()
        var sourceIdentity: OrgIdentity?
        if let source { sourceIdentity = try await source.organization() }
        let mapping = FileManager.default.fileExists(atPath: workspace.mappingFile) ? try MappingFile.read(path: workspace.mappingFile) : nil
        let state = await store.state
        guard let sourceOrgId = mapping?.source.orgId ?? state.export.sourceOrgId ?? sourceIdentity?.id else {
            throw ImportPhaseError.unknownSourceOrg(mappingFile: workspace.mappingFile)
        }
        for id in [sourceOrgId, sourceIdentity?.id].compactMap({ $0 }) where id.lowercased() == destinationIdentity.id.lowercased() {
            throw ImportPhaseError.sameOrg(id: destinationIdentity.id, name: destinationIdentity.name)
        }
        let transformed = state.transform.windows
        guard !transformed.isEmpty else { throw ImportPhaseError.nothingTransformed(migration: workspace.name) }

        var problems: [String] = []
        var notes: [String] = []
        let sourceOrg: DryRunReport.Org
        if let sourceIdentity {
            sourceOrg = Self.org("source", sourceIdentity, authenticated: true)
            if sourceIdentity.id.lowercased() != sourceOrgId.lowercased() {
                let origin = mapping != nil ? workspace.mappingFile : "the export recorded in \(workspace.stateFile)"
                problems.append("the source org given, \(sourceIdentity), is not this migration's source org \(sourceOrgId) (from \(origin)); check --source-region/--source-api and SOURCE_CLIENT_ID/SOURCE_CLIENT_SECRET")
            }
        } else {
            let name = mapping?.source.orgName ?? state.export.sourceOrgName ?? "name unknown"
            sourceOrg = DryRunReport.Org(role: "source", id: sourceOrgId, name: name, apiBase: mapping?.source.apiBase,
                                         region: mapping.flatMap { Self.region(of: $0.source.apiBase) }, authenticated: false)
        }

        // The import section the import would go on with.
        let imports = options.newState ? ImportState() : state.imports
        let configuration = ImportConfiguration(sourceOrgId: sourceOrgId, destinationOrgId: destinationIdentity.id,
                                                schemaVersion: options.schemaVersion, chunkSize: options.chunkSize)
        if let recorded = imports.configuration {
            let differences = recorded.differences(from: configuration)
            if !differences.isEmpty {
                problems.append(ImportPhaseError.configurationMismatch(stateFile: workspace.stateFile, differences: differences).description)
            }
        }

        // What the destination is now: its schema, its queues, flows and wrap-up codes.
        let schema = try await fetchSchema(recorded: state.transform.destinationSchema, problems: &problems)
        if let used = state.transform.destinationSchema, used.version == schema.version, let fields = schema.fields,
           schema.origin == .destination, Set(fields) != used.fields {
            notes.append("the destination's schema \(schema.version) changed since the transform fetched it (now \(fields.count) fields, then \(used.fields.count)); run the transform again if fields it dropped are now known")
        }
        let directory = try await OrgDirectory.fetch(using: destination, identity: destinationIdentity)
        var known: [MappingKind: Set<String>] = [:]
        for kind in MappingKind.allCases { known[kind] = Set(directory[kind].map { $0.id.lowercased() }) }

        var report = DryRunReport(migration: workspace.name, createdAt: createdAt,
                                  destination: Self.org("destination", destinationIdentity, authenticated: true), source: sourceOrg,
                                  schemaVersion: options.schemaVersion, chunkSize: options.chunkSize, schema: schema,
                                  estimate: DryRunEstimate.make(jobRecords: [], extraPolls: 0, fixedRequests: 0, budget: nil, learned: [],
                                                                defaultJobSeconds: options.defaultJobSeconds))

        // Plan every window as the import does, checking each record on the way.
        var planned: [(window: PlannedWindow, scan: WindowScan)] = []
        for (window, windowState) in transformed.sorted(by: { $0.key < $1.key }) {
            guard let sha256 = windowState.outputSHA256 else {
                report.blockedWindows.append(.init(window: window, reason: "blocked by unmapped references in the transform; map them in \(workspace.mappingFile) and run the transform again"))
                continue
            }
            var scan = WindowScan(window: window, chunkSize: options.chunkSize, fields: schema.fields.map(Set.init), known: known)
            do {
                let plan = try PlannedWindow.read(window: window, path: workspace.transformedFile(window: window), expectedSHA256: sha256,
                                                  chunkSize: options.chunkSize, schemaVersion: options.schemaVersion) { record, position in
                    scan.visit(record, position: position)
                }
                planned.append((plan, scan))
            } catch let error as ImportPhaseError {
                report.blockedWindows.append(.init(window: window, reason: "the import would stop on it: \(error)"))
            } catch let error as FileError {
                report.blockedWindows.append(.init(window: window, reason: "the import would stop on it: \(error)"))
            }
            if windowState.rejectedRecords > 0 {
                notes.append("window \(window): \(windowState.rejectedRecords) record\(windowState.rejectedRecords == 1 ? " was" : "s were") rejected by the transform and will not be imported (see \(workspace.relative(workspace.rejectsFile(window: window))) and the transform's reports)")
            }
        }
        let untransformed = workspace.exportedWindows().filter { transformed[$0] == nil }
        if !untransformed.isEmpty {
            notes.append("exported but not transformed, so not imported: \(untransformed.joined(separator: ", ")); run 'interaction-migrate transform --name \(workspace.name)' to include them")
        }

        // What the import would do with each chunk, by the state.
        for (plan, scan) in planned {
            report.windows.append(standing(plan, scan: scan, imports: imports))
        }
        checkDuplicates(&report, scans: planned.map(\.scan), imports: imports)

        // Refusals, and the pre-flight check over every chunk to send.
        var references: [RecordReferences.Reference: Int] = [:]
        for (w, (plan, scan)) in planned.enumerated() {
            for position in report.windows[w].chunks.indices {
                var chunk = report.windows[w].chunks[position]
                guard !chunk.isSettled else { continue }
                for (reference, count) in plan.references[chunk.index] { references[reference, default: 0] += count }
                if chunk.status != .poll {
                    chunk.absorb(scan.synchronous[chunk.index])
                    chunk.add(ImportRules.chunk(records: chunk.records, schemaVersion: options.schemaVersion,
                                                supportedVersions: schema.supportedVersions), wholeChunk: true)
                }
                chunk.absorb(scan.jobTime[chunk.index])
                if chunk.findingCount > 0 { chunk.status = .refused }
                report.windows[w].chunks[position] = chunk
            }
        }
        report.missingReferences = ImportPhase.missing(references, in: directory, mapping: mapping)
        report.mappingFixes = DryRunMappingFix.fixes(for: report.missingReferences, mapping: mapping, directory: directory)

        // How long it would take.
        let learned = DryRunEstimate.learnedJobs(from: imports)
        var jobRecords: [Int] = []
        var extraPolls = 0
        for chunk in report.chunks where !chunk.isSettled {
            if chunk.status == .poll {
                extraPolls += 1
                continue
            }
            jobRecords.append(chunk.records)
            if chunk.alreadyHeld > 0 && chunk.alreadyHeld < chunk.records { jobRecords.append(chunk.records - chunk.alreadyHeld) }
        }
        let pages = MappingKind.allCases.reduce(0) { $0 + max(1, (directory[$1].count + 99) / 100) }
        let fixed = jobRecords.isEmpty && extraPolls == 0 ? 1 : 1 + pages
        report.estimate = DryRunEstimate.make(jobRecords: jobRecords, extraPolls: extraPolls, fixedRequests: fixed,
                                              budget: await destination.announcedRateBudget, learned: learned,
                                              defaultJobSeconds: options.defaultJobSeconds)
        report.problems = problems
        report.notes = notes
        if options.writeReport {
            let path = Self.reportPath(in: workspace, at: createdAt)
            report.reportFile = path
            try AtomicFileWriter.write(try JSONWriter.pretty(report.jsonValue, sortedKeys: false), to: path)
        }
        return report
    }

    // MARK: - Steps

    /// The destination's schema: the versions it supports and the fields of ours, from the
    /// destination now; from the state file (as the transform fetched it) when the destination has
    /// no interaction API, which the import would stop on.
    private func fetchSchema(recorded: DestinationSchema?, problems: inout [String]) async throws -> DryRunReport.Schema {
        let version = options.schemaVersion
        guard let answer = try await destination.interactionSchemas() else {
            problems.append("the \(destination.label) org has no interaction import API (GET \(OrgClient.interactionSchemasPath) answered 404): Genesys Cloud's public API cannot re-create historical interactions, so a real import can't run against it; the dry run's other checks follow the import-job contract, against its configuration as it is now")
            if let recorded, recorded.version == version {
                return DryRunReport.Schema(version: version, supportedVersions: nil, fields: recorded.fields.sorted(), origin: .stateFile)
            }
            return DryRunReport.Schema(version: version, supportedVersions: nil, fields: nil, origin: .unknown)
        }
        let versions = (answer["entities"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue }
        guard versions.contains(version) else {
            return DryRunReport.Schema(version: version, supportedVersions: versions, fields: nil, origin: .destination)
        }
        let fields = try TransformInputs.schemaFields(fromSchemas: answer, version: version)
        return DryRunReport.Schema(version: version, supportedVersions: versions, fields: fields.sorted(), origin: .destination)
    }

    /// One planned window's chunks as the import would find them in the state (as
    /// ``ImportPhase`` decides: a changed plan makes the chunks not recorded in doubt).
    private func standing(_ plan: PlannedWindow, scan: WindowScan, imports: ImportState) -> DryRunReport.Window {
        let hashes = plan.chunks.map(\.hash)
        var replannedBecause: String?
        if let recordedPlan = imports.plans[plan.window] {
            if recordedPlan.transformedSHA256 != plan.transformedSHA256 {
                replannedBecause = "its transformed file changed since its chunks were planned (the transform ran again)"
            } else if recordedPlan.chunks != hashes {
                replannedBecause = "its chunks differ from those planned"
            } else {
                replannedBecause = recordedPlan.replannedBecause
            }
        }
        let recorded = imports.windows[plan.window] ?? [:]
        let current = Set(hashes)
        let earlier = recorded.filter { !current.contains($0.key) && $0.value.status == .completed }.reduce(0) { $0 + $1.value.sentRecords }
        var chunks: [DryRunChunk] = []
        for chunk in plan.chunks {
            var item = DryRunChunk(window: plan.window, index: chunk.index, hash: chunk.hash, records: chunk.records, status: .send)
            let state = recorded[chunk.hash]
            switch state?.status {
            case nil:
                if let replannedBecause {
                    item.status = .inDoubt
                    item.reason = "its window is planned again (\(replannedBecause)): sent as in doubt, records the destination already holds left out"
                }
            case .completed:
                item.status = .completed
            case .submitted:
                if let id = state?.importId {
                    item.status = .poll
                    item.importId = id
                    item.reason = "accepted by an earlier run as import job \(id): its job is polled, the chunk not sent again"
                } else {
                    item.status = .inDoubt
                    item.reason = "recorded submitted without an import id: sent again as in doubt"
                }
            case .submitting:
                item.status = .inDoubt
                item.reason = "an earlier run may have sent it (recorded submitting): sent again as in doubt, records the destination already holds left out"
            case .failed:
                if ImportPhase.isSettled(state, reconcile: options.reconcileDuplicates) {
                    item.status = .failed
                    let kind = state?.failure.map { " (\($0.rawValue))" } ?? ""
                    item.reason = "recorded failed\(kind) by an earlier run: not sent again; \(state?.errors.first ?? "no error recorded")"
                } else {
                    item.status = .inDoubt
                    item.reason = "recorded failed on DUPLICATE_KEY: --reconcile-duplicates sends it again without the records the destination holds"
                }
            }
            chunks.append(item)
        }
        return DryRunReport.Window(window: plan.window, records: plan.records, transformedSHA256: plan.transformedSHA256,
                                   replannedBecause: replannedBecause, earlierPlanRecords: earlier, chunks: chunks)
    }

    /// `DUPLICATE_KEY` (§7.4): an `externalId` of a chunk to send that a completed chunk holds (so
    /// the destination does), or that an earlier chunk to send (or an earlier record of the same
    /// chunk) carries. A chunk that would be reconciled (in doubt, or with
    /// ``Options/reconcileDuplicates``) leaves such records out; any other is refused.
    private func checkDuplicates(_ report: inout DryRunReport, scans: [WindowScan], imports: ImportState) {
        var held: [String: String] = [:]
        for (w, window) in report.windows.enumerated() {
            for chunk in window.chunks where chunk.status == .completed {
                for externalId in scans[w].externalIds(ofChunk: chunk.index) where held[externalId] == nil { held[externalId] = chunk.name }
            }
        }
        var seen: [String: String] = [:]
        for w in report.windows.indices {
            for position in report.windows[w].chunks.indices {
                var chunk = report.windows[w].chunks[position]
                guard !chunk.isSettled else { continue }
                let recordedInDoubt = imports.windows[chunk.window]?[chunk.hash]?.inDoubt ?? false
                let reconciled = chunk.status == .inDoubt || options.reconcileDuplicates || (chunk.status == .poll && recordedInDoubt)
                var duplicates = DryRunChunk(window: chunk.window, index: chunk.index, hash: chunk.hash, records: chunk.records, status: .send)
                var leftOut = 0
                for (index, externalId) in scans[w].externalIds(ofChunk: chunk.index).enumerated() {
                    let reason: String
                    if let holder = held[externalId] {
                        reason = "the destination already holds it (chunk \(holder) is completed per the state)"
                    } else if let first = seen[externalId] {
                        reason = first == chunk.name ? "an earlier record of this chunk has it" : "chunk \(first) carries it too"
                    } else {
                        seen[externalId] = chunk.name
                        continue
                    }
                    if reconciled {
                        leftOut += 1
                    } else {
                        duplicates.add([DryRunFinding(code: .duplicateKey, recordIndex: index, externalId: externalId,
                                                      message: "record \(index): externalId \(externalId) is a duplicate: \(reason)")])
                    }
                }
                chunk.alreadyHeld = leftOut
                chunk.absorb(duplicates)
                report.windows[w].chunks[position] = chunk
            }
        }
    }

    // MARK: - Helpers

    static func org(_ role: String, _ identity: OrgIdentity, authenticated: Bool) -> DryRunReport.Org {
        DryRunReport.Org(role: role, id: identity.id, name: identity.name, apiBase: identity.apiBase,
                         region: region(of: identity.apiBase), authenticated: authenticated)
    }

    /// The region of contract §1 whose API base `apiBase` is; nil for any other base.
    static func region(of apiBase: String) -> String? {
        Region.all.first { $0.apiBase == apiBase.lowercased() }?.name
    }

    /// `state/NAME/reports/dry-run-<UTC time>.json`, with `-2`, `-3`... when one of that second exists.
    static func reportPath(in workspace: MigrationWorkspace, at time: ISOTimestamp) -> String {
        let stamp = ExportWindow.compact(time)
        var path = workspace.reportFile("dry-run-\(stamp).json")
        var suffix = 1
        while FileManager.default.fileExists(atPath: path) {
            suffix += 1
            path = workspace.reportFile("dry-run-\(stamp)-\(suffix).json")
        }
        return path
    }
}
