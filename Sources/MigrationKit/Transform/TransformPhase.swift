import Essentials
import Foundation

/// The transform phase of a named migration: every exported window (`state/NAME/export/`) into
/// import-ready records (`state/NAME/transformed/`), rejects (`state/NAME/rejects/`) and reports
/// (`state/NAME/reports/`), each window recorded in the state store.
///
/// A window is skipped when its ``TransformFingerprint`` (input, mapping, policy, fallback code,
/// destination fields) is the one of its last transform and its output is still the file then
/// written; a skipped window keeps its earlier verdict (its rejects and unmapped references
/// count as they did).
public struct TransformPhase: Sendable {
    /// How to transform.
    public struct Options: Sendable {
        /// What to do with records whose references the mapping file doesn't map.
        public var policy: UnmappedPolicy
        /// The name of the destination wrap-up code that unmapped codes are replaced by, if any.
        public var fallbackWrapupCode: String?
        /// Memory for sorting one window; larger windows sort on disk.
        public var memoryBudget: Int
        /// Where the destination's fields come from.
        public var schema: SchemaSource
        /// Only these exported windows, or every one when nil. A run limited to some windows
        /// writes no reports (they cover every window: `run` writes them with a last, full pass).
        public var windows: Set<String>?

        public init(policy: UnmappedPolicy = .fail, fallbackWrapupCode: String? = nil, memoryBudget: Int = 256 << 20,
                    schema: SchemaSource, windows: Set<String>? = nil) {
            self.policy = policy
            self.fallbackWrapupCode = fallbackWrapupCode
            self.memoryBudget = memoryBudget
            self.schema = schema
            self.windows = windows
        }
    }

    public let workspace: MigrationWorkspace
    public let options: Options

    public init(workspace: MigrationWorkspace, options: Options) {
        self.workspace = workspace
        self.options = options
    }

    /// The windows to transform: every exported window (of ``Options/windows`` when set), in
    /// time order.
    ///
    /// - Throws: ``TransformPhaseError/noWindows(folder:)`` when there are none.
    public func plan() throws -> [String] {
        let windows = workspace.exportedWindows().filter { options.windows?.contains($0) ?? true }
        guard !windows.isEmpty else { throw TransformPhaseError.noWindows(folder: workspace.exportFolder) }
        return windows
    }

    /// Transforms every window, reporting each through `progress`, and writes the reports.
    ///
    /// - Throws: mapping file, schema, file and state errors, and
    ///   ``TransformPhaseError/exportFileChanged(window:path:migration:)`` for an export file
    ///   changed since the export verified it. Problems with records are in the summary, not thrown.
    public func run(store: StateStore, progress: @Sendable (TransformEvent) -> Void = { _ in }) async throws -> TransformSummary {
        let windows = try plan()
        let mapping = try MappingFile.read(path: workspace.mappingFile)
        let mappingSHA256 = try SHA256.hashFile(atPath: workspace.mappingFile).hex
        let fallback = try options.fallbackWrapupCode.map { try TransformInputs.fallbackWrapupCode(named: $0, in: mapping) }
        let (fields, fetched) = try await options.schema.resolve(known: await store.state.transform.destinationSchema)
        if let fetched {
            try await store.record(.transformSchema(fetched))
            progress(.schemaFetched(fetched))
        }
        let rules = TransformRules(sourceOrgId: mapping.source.orgId, mapping: mapping, destinationFields: fields, fallbackWrapupCode: fallback)
        let transform = WindowTransform(rules: rules, policy: options.policy, memoryBudget: options.memoryBudget)
        var summary = TransformSummary()
        summary.rejectsLocation = workspace.rejectsFolder + "/"
        for window in windows {
            let files = WindowTransform.Files(
                input: workspace.exportFile(window: window), output: workspace.transformedFile(window: window),
                rejects: workspace.rejectsFile(window: window), temporaryFolder: workspace.temporaryFolder)
            let fingerprint = TransformFingerprint(inputSHA256: "", mappingSHA256: mappingSHA256, policy: options.policy,
                                                   fallbackWrapupCodeId: fallback?.id, destinationFields: fields)
            // The input is hashed at most once here, and only when a check needs it.
            var knownInputSHA256: String?
            func inputSHA256() throws -> String {
                if let knownInputSHA256 { return knownInputSHA256 }
                let hash = try SHA256.hashFile(atPath: files.input).hex
                knownInputSHA256 = hash
                return hash
            }
            let outcome: TransformWindowOutcome
            if let previous = await store.state.transform.windows[window],
               try Self.isUnchanged(previous, files: files, fingerprint: fingerprint, inputSHA256: inputSHA256) {
                outcome = TransformWindowOutcome(window: window, state: previous, skipped: true)
            } else {
                try Self.checkExported(window, file: files.input, exported: await store.state.export.windows[window],
                                       migration: workspace.name, inputSHA256: inputSHA256)
                var clock = Stopwatch()
                let result = try await transform.runOnOwnThread(files)
                var done = fingerprint
                done.inputSHA256 = result.inputSHA256
                let state = TransformWindowState(fingerprint: done, result: result)
                try await store.record(.transformWindow(window, state))
                outcome = TransformWindowOutcome(window: window, state: state, skipped: false, seconds: clock.lap(), spilledRuns: result.spilledRuns)
            }
            summary.add(outcome)
            progress(.windowFinished(outcome))
        }
        guard options.windows == nil else { return summary }
        try FileManager.default.createDirectory(atPath: workspace.reportsFolder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try summary.writeReports(base: workspace.reportFile("transform"), mappingName: workspace.name)
        return summary
    }

    /// Throws ``TransformPhaseError/exportFileChanged(window:path:migration:)`` when the export
    /// recorded `window` (`exported`) as completed with a SHA-256 and `file` no longer has it
    /// (`inputSHA256` hashes it). Files the export didn't record (handed in by other means) are
    /// taken as they are.
    static func checkExported(_ window: String, file: String, exported: ExportWindowState?, migration: String,
                              inputSHA256: () throws -> String) throws {
        guard let exported, exported.status == .completed, let recorded = exported.sha256 else { return }
        guard try inputSHA256() == recorded else {
            throw TransformPhaseError.exportFileChanged(window: window, path: file, migration: migration)
        }
    }

    /// Whether `previous` was made from the same inputs (`fingerprint`, whose input hash is
    /// still to be taken) and its output is still the file it wrote. The input is hashed
    /// (`inputSHA256`) last, only when everything else agrees.
    static func isUnchanged(_ previous: TransformWindowState, files: WindowTransform.Files, fingerprint: TransformFingerprint,
                            inputSHA256: () throws -> String) throws -> Bool {
        var expected = fingerprint
        expected.inputSHA256 = previous.fingerprint.inputSHA256
        guard previous.fingerprint == expected, let outputSHA256 = previous.outputSHA256,
              FileManager.default.fileExists(atPath: files.output),
              (try? SHA256.hashFile(atPath: files.output).hex) == outputSHA256 else { return false }
        return try inputSHA256() == previous.fingerprint.inputSHA256
    }
}
