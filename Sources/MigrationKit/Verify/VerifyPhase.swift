import Essentials
import Foundation

/// `verify`: whether the destination org holds exactly the records the transform wrote, window
/// by window, read from the destination's own side (contract §7.4: an org's export jobs return
/// imported records with their `externalId`).
///
/// - The migration's state is read only (no lock, nothing written in `state/NAME.json`).
/// - The destination's windows (the same `[start, end)` as the migration's) are exported by
///   ``ExportPhase``, always as interaction export jobs, into
///   ``MigrationWorkspace/verificationWorkspace``, wiped first so that nothing of an earlier
///   verify is reused. Analytics jobs are no substitute: they can't show an `externalId`, so a
///   destination without interaction export (a Genesys Cloud org) is ``VerifySummary/Verdict/unverifiable``.
/// - Each window is compared by ``ExternalIdComparison``, streaming both files; then a report,
///   `state/NAME/reports/verify-<UTC stamp>.json`, is written.
/// - Every window of the migration counts: one that can't be compared (blocked by unmapped
///   references, its transformed file changed, not transformed yet, its destination export
///   failed) keeps the verdict from ``VerifySummary/Verdict/matched``.
public struct VerifyPhase: Sendable {
    /// How to verify.
    public struct Options: Sendable {
        /// Destination export jobs in flight at once.
        public var concurrency: Int
        /// Example `externalId`s kept per kind (missing, unexpected, duplicated) and window.
        public var exampleLimit: Int
        /// The first poll's wait of the destination's export jobs, in seconds.
        public var firstPollSeconds: Double
        /// The longest wait between polls.
        public var pollCapSeconds: Double

        public init(concurrency: Int = 4, exampleLimit: Int = 20, firstPollSeconds: Double = 1, pollCapSeconds: Double = 30) {
            self.concurrency = max(1, concurrency)
            self.exampleLimit = max(0, exampleLimit)
            self.firstPollSeconds = firstPollSeconds
            self.pollCapSeconds = pollCapSeconds
        }
    }

    public let workspace: MigrationWorkspace
    /// The destination org's client.
    public let client: OrgClient
    public let options: Options

    public init(workspace: MigrationWorkspace, client: OrgClient, options: Options = Options()) {
        self.workspace = workspace
        self.client = client
        self.options = options
    }

    /// A window that can be compared: its range and its transformed file (checked to be the
    /// transform's).
    struct CheckableWindow: Sendable {
        var window: ExportWindow
        var transformedFile: String
        var name: String { window.name }
    }

    /// Verifies every window of the migration, reporting through `progress`.
    ///
    /// - Throws: ``VerifyPhaseError`` when there is nothing to verify or the destination is the
    ///   source; the destination's errors (unreachable, refusing the credentials); file errors.
    ///   A destination that can't be verified, or a window that can't be compared, is in the
    ///   summary, not thrown.
    public func run(progress: @escaping @Sendable (VerifyEvent) -> Void = { _ in }) async throws -> VerifySummary {
        var clock = Stopwatch()
        let state = await (try StateStore(workspace, access: .readOnly)).state
        guard !state.transform.windows.isEmpty else { throw VerifyPhaseError.nothingTransformed(migration: workspace.name) }
        let mapping = FileManager.default.fileExists(atPath: workspace.mappingFile) ? try MappingFile.read(path: workspace.mappingFile) : nil
        guard let sourceOrgId = mapping?.source.orgId ?? state.export.sourceOrgId else {
            throw VerifyPhaseError.unknownSourceOrg(mappingFile: workspace.mappingFile)
        }
        // The transform writes `<source org id>:<source id>` with the mapping's spelling of the id.
        let prefix = sourceOrgId + ":"
        let workspace = self.workspace
        let (checkable, unchecked) = try await Self.onOwnThread("verify plan") { Self.plan(state: state, workspace: workspace) }

        let identity = try await client.organization()
        guard identity.id.lowercased() != sourceOrgId.lowercased() else {
            throw VerifyPhaseError.sameOrg(id: identity.id, name: identity.name)
        }
        let org = "\(identity.name) (\(identity.id))"
        var summary = VerifySummary(verdict: .incomplete, destinationOrgId: identity.id, destinationOrgName: identity.name, prefix: prefix)
        if let configuration = state.imports.configuration {
            if configuration.destinationOrgId.lowercased() != identity.id.lowercased() {
                summary.notes.append("the import recorded in \(workspace.stateFile) went to org \(configuration.destinationOrgId), not to \(org); check --dest-region/--dest-api and the DEST_CLIENT_ID/DEST_CLIENT_SECRET variables")
            }
        } else {
            summary.notes.append("\(workspace.stateFile) records no import; run 'interaction-migrate import --name \(workspace.name)' before verifying")
        }

        let verification = try workspace.verificationWorkspace
        try Self.wipe(verification)
        guard try await servesInteractionExport() else {
            summary.verdict = .unverifiable
            summary.unverifiableReason = "\(org) is a Genesys Cloud org: it has no interaction export, so verify cannot check what the destination holds; nothing is claimed"
            let reason = "the destination has no interaction export"
            summary.windows = (checkable.map { VerifyWindowResult(window: $0.name, status: .notChecked(reason)) } + unchecked)
                .sorted { $0.window < $1.window }
            summary.seconds = clock.lap()
            summary.reportFile = try writeReport(summary)
            return summary
        }

        // The destination's windows, exported afresh into the verification workspace.
        var outcomes: [String: ExportWindowOutcome] = [:]
        if !checkable.isEmpty {
            progress(.exporting(windows: checkable.count))
            let store = try StateStore(verification)
            do {
                for range in try Self.ranges(checkable.map(\.window), now: ISOTimestamp.now()) {
                    let export = ExportPhase(workspace: verification, client: client, options: ExportPhase.Options(
                        range: range, sourceKind: .interactionExport, concurrency: options.concurrency,
                        schemaVersion: state.imports.configuration?.schemaVersion ?? "v2.1",
                        firstPollSeconds: options.firstPollSeconds, pollCapSeconds: options.pollCapSeconds))
                    let exported = try await export.run(store: store) { event in
                        if case .sourceChosen = event { return }
                        progress(.export(event))
                    }
                    for outcome in exported.windows { outcomes[outcome.window] = outcome }
                }
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }

        // Each window compared, in time order.
        var results = unchecked
        let limit = options.exampleLimit
        for window in checkable {
            let result: VerifyWindowResult
            if let outcome = outcomes[window.name], outcome.state.status == .completed {
                let destination = verification.exportFile(window: window.name)
                let comparison = try await Self.onOwnThread("verify \(window.name)") {
                    try ExternalIdComparison.compare(transformed: window.transformedFile, destination: destination, prefix: prefix, exampleLimit: limit)
                }
                result = VerifyWindowResult(window: window.name, comparison: comparison)
            } else {
                let why = outcomes[window.name]?.state.lastError ?? "no outcome was recorded"
                result = VerifyWindowResult(window: window.name, status: .notChecked("the destination's export of it failed (\(why)); run verify again"))
            }
            results.append(result)
            progress(.windowChecked(result))
        }
        summary.windows = results.sorted { $0.window < $1.window }
        summary.verdict = VerifySummary.verdict(of: summary.windows)
        summary.seconds = clock.lap()
        summary.reportFile = try writeReport(summary)
        return summary
    }

    // MARK: - Before the destination is asked

    /// The windows of `state` that can be compared, and the others with the reason: every window
    /// the transform recorded, and every exported one it didn't.
    static func plan(state: MigrationState, workspace: MigrationWorkspace) -> (checkable: [CheckableWindow], notChecked: [VerifyWindowResult]) {
        var checkable: [CheckableWindow] = []
        var notChecked: [VerifyWindowResult] = []
        func skip(_ name: String, _ reason: String) { notChecked.append(VerifyWindowResult(window: name, status: .notChecked(reason))) }
        let next = "then import and verify again"
        for (name, transformed) in state.transform.windows.sorted(by: { $0.key < $1.key }) {
            guard let sha256 = transformed.outputSHA256 else {
                skip(name, "the transform wrote no file for it: unmapped references blocked it; map them in \(workspace.mappingFile), run the transform, \(next)")
                continue
            }
            guard let exported = state.export.windows[name] else {
                skip(name, "its range is not in the export section of \(workspace.stateFile); run the export and the transform again, \(next)")
                continue
            }
            let path = workspace.transformedFile(window: name)
            guard FileManager.default.fileExists(atPath: path) else {
                skip(name, "its transformed file \(path) is missing; run the transform again, \(next)")
                continue
            }
            guard (try? SHA256.hashFile(atPath: path).hex) == sha256 else {
                skip(name, "\(path) is not the file the transform wrote (its SHA-256 differs from the one recorded); run the transform again, \(next)")
                continue
            }
            checkable.append(CheckableWindow(window: ExportWindow(start: exported.start, end: exported.end), transformedFile: path))
        }
        for (name, exported) in state.export.windows.sorted(by: { $0.key < $1.key }) where state.transform.windows[name] == nil {
            if exported.status == .completed {
                skip(name, "it was exported but not transformed; run 'interaction-migrate transform --name \(workspace.name)', \(next)")
            } else {
                skip(name, "its export did not complete (\(exported.lastError ?? exported.status.rawValue)); run the export again, then transform, import and verify")
            }
        }
        return (checkable, notChecked)
    }

    /// The export ranges that cut exactly `windows` (sorted by start): consecutive windows of
    /// one length, the last of a range possibly shorter, share a range, so that one export
    /// run keeps several jobs in flight.
    static func ranges(_ windows: [ExportWindow], now: ISOTimestamp) throws -> [ExportRange] {
        var groups: [[ExportWindow]] = []
        for window in windows.sorted(by: { $0.start < $1.start }) {
            if let group = groups.last, let first = group.first, let last = group.last, last.end == window.start,
               Self.length(last) == Self.length(first), Self.length(window) <= Self.length(first) {
                groups[groups.count - 1].append(window)
            } else {
                groups.append([window])
            }
        }
        return try groups.map { group in
            var range = try ExportRange(from: group.first!.start, to: group.last!.end, window: "1h", now: now)
            range.windowMilliseconds = Self.length(group.first!)
            return range
        }
    }

    private static func length(_ window: ExportWindow) -> Int64 {
        window.end.millisecondsSinceEpoch - window.start.millisecondsSinceEpoch
    }

    // MARK: - The destination

    /// Whether the destination serves interaction export jobs: it answers
    /// `GET /api/v2/interaction/export/schemas`; a Genesys Cloud org answers 404 (as
    /// ``ExportPhase``'s `auto` source kind decides).
    func servesInteractionExport() async throws -> Bool {
        try await client.interactionSchemas() != nil
    }

    /// Removes everything an earlier verify left in `verification`. Refuses (naming the holder)
    /// while another verify of the migration is exporting there.
    static func wipe(_ verification: MigrationWorkspace) throws {
        try StateLock(verification).release()
        guard FileManager.default.fileExists(atPath: verification.root) else { return }
        do { try FileManager.default.removeItem(atPath: verification.root) } catch {
            throw VerifyPhaseError.cannotClearVerificationFolder(path: verification.root, reason: error.localizedDescription)
        }
    }

    // MARK: - The report

    /// Writes `summary` as `state/NAME/reports/verify-<UTC stamp>.json`; returns its path.
    func writeReport(_ summary: VerifySummary) throws -> String {
        try FileManager.default.createDirectory(atPath: workspace.reportsFolder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let second = ExportWindow.compact(ISOTimestamp.now())
        var stamp = second
        var suffix = 1
        while FileManager.default.fileExists(atPath: workspace.reportFile("verify-\(stamp).json")) {
            suffix += 1
            stamp = "\(second)-\(suffix)"
        }
        let path = workspace.reportFile("verify-\(stamp).json")
        var written = summary
        written.reportFile = workspace.relative(path)
        try AtomicFileWriter.write(try JSONWriter.pretty(written.jsonValue, sortedKeys: false), to: path)
        return path
    }

    /// Runs `body` on a thread of its own, so that its file reading never holds a thread of
    /// Swift's cooperative pool.
    static func onOwnThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = name
            thread.start()
        }
    }
}
