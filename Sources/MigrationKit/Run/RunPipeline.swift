import Essentials
import Synchronization

/// Export, transform and import of a named migration in one go, pipelined per window: a window is
/// transformed and imported as soon as its export is verified, while later windows are still
/// being exported.
///
/// It drives the same phase types as the single-phase commands, over the same state store, so a
/// run resumes staged work and a single phase resumes a run: windows already exported, transformed
/// or imported are skipped by the phase that would redo them.
public struct RunPipeline: Sendable {
    /// How each phase runs. The transform's and import's window filters are set by the pipeline.
    public struct Options: Sendable {
        public var export: ExportPhase.Options
        public var transform: TransformPhase.Options
        public var imports: ImportPhase.Options

        public init(export: ExportPhase.Options, transform: TransformPhase.Options, imports: ImportPhase.Options) {
            self.export = export
            self.transform = transform
            self.imports = imports
        }
    }

    public let workspace: MigrationWorkspace
    public let source: OrgClient
    public let destination: OrgClient
    public let options: Options

    public init(workspace: MigrationWorkspace, source: OrgClient, destination: OrgClient, options: Options) {
        self.workspace = workspace
        self.source = source
        self.destination = destination
        self.options = options
    }

    /// Who the two orgs are, after the checks that must pass before anything is exported: they are
    /// two orgs, and the state holds no import made with another configuration.
    ///
    /// - Throws: ``ImportPhaseError/sameOrg(id:name:)``, ``ImportPhaseError/configurationMismatch(stateFile:differences:)``.
    public func identify(store: StateStore) async throws -> (source: OrgIdentity, destination: OrgIdentity) {
        let sourceIdentity = try await source.organization()
        let destinationIdentity = try await destination.organization()
        guard sourceIdentity.id.lowercased() != destinationIdentity.id.lowercased() else {
            throw ImportPhaseError.sameOrg(id: destinationIdentity.id, name: destinationIdentity.name)
        }
        if !options.imports.newState, let recorded = await store.state.imports.configuration {
            let configuration = ImportConfiguration(sourceOrgId: sourceIdentity.id, destinationOrgId: destinationIdentity.id,
                                                    schemaVersion: options.imports.schemaVersion, chunkSize: options.imports.chunkSize)
            let differences = recorded.differences(from: configuration)
            guard differences.isEmpty else {
                throw ImportPhaseError.configurationMismatch(stateFile: workspace.stateFile, differences: differences)
            }
        }
        return (sourceIdentity, destinationIdentity)
    }

    /// Runs every phase, reporting through `progress`.
    ///
    /// A window's import starts once its transform is done; windows whose exports finish while an
    /// import runs are imported together next. When the pre-flight check stops a window's import
    /// (the destination lacks ids its records carry), later windows are still exported and
    /// transformed but not imported (``RunSummary/heldBack``).
    ///
    /// - Throws: what the phases throw when they can't go on (credentials, the mapping file, the
    ///   state store), after the work of the other phases in flight is recorded.
    public func run(store: StateStore, orgs: (source: OrgIdentity, destination: OrgIdentity)? = nil,
                    progress: @escaping @Sendable (RunEvent) -> Void = { _ in }) async throws -> RunSummary {
        var clock = Stopwatch()
        let (sourceIdentity, destinationIdentity): (OrgIdentity, OrgIdentity)
        if let orgs { (sourceIdentity, destinationIdentity) = orgs } else { (sourceIdentity, destinationIdentity) = try await identify(store: store) }
        progress(.orgs(source: sourceIdentity, destination: destinationIdentity))
        let directory = try await OrgDirectory.fetch(using: destination, identity: destinationIdentity)

        let ready = ReadyWindows()
        let (signals, signal) = AsyncStream<Void>.makeStream()
        let exportPhase = ExportPhase(workspace: workspace, client: source, options: options.export)

        let parts = try await withThrowingTaskGroup(of: Part.self) { group in
            group.addTask {
                defer { signal.finish() }
                return .export(try await exportPhase.run(store: store) { event in
                    progress(.export(event))
                    if case .windowFinished(let outcome) = event, outcome.state.status == .completed {
                        ready.windows.withLock { $0.append(outcome.window) }
                        signal.yield()
                    }
                })
            }
            group.addTask {
                var imports: ImportSummary?
                var heldBack: [String] = []
                var first = true
                for await _ in signals {
                    let batch = ready.windows.withLock { windows -> [String] in
                        defer { windows = [] }
                        return windows.sorted()
                    }
                    guard !batch.isEmpty else { continue }
                    var transformOptions = options.transform
                    transformOptions.windows = Set(batch)
                    _ = try await TransformPhase(workspace: workspace, options: transformOptions).run(store: store) { progress(.transform($0)) }
                    if imports?.stoppedByPreflight ?? false {
                        heldBack.append(contentsOf: batch)
                        continue
                    }
                    var importOptions = options.imports
                    importOptions.windows = Set(batch)
                    importOptions.directory = directory
                    importOptions.newState = first && options.imports.newState
                    first = false
                    let summary = try await ImportPhase(workspace: workspace, client: destination, options: importOptions)
                        .run(store: store) { progress(.import($0)) }
                    if imports == nil { imports = summary } else { imports!.merge(summary) }
                }
                return .imports(imports, heldBack: heldBack)
            }
            var collected: [Part] = []
            while let part = try await group.next() { collected.append(part) }
            return collected
        }
        var exportSummary: ExportSummary?
        var imports: ImportSummary?
        var heldBack: [String] = []
        for part in parts {
            switch part {
            case .export(let summary): exportSummary = summary
            case .imports(let summary, let held):
                imports = summary
                heldBack = held
            }
        }
        // A last transform over every window: the reports cover them all (each is skipped as
        // unchanged, so this only reads).
        let transformSummary = try await TransformPhase(workspace: workspace, options: options.transform).run(store: store) { _ in }
        var summary = RunSummary(source: sourceIdentity, destination: destinationIdentity, export: exportSummary!,
                                 transform: transformSummary, imports: imports)
        summary.heldBack = heldBack.sorted()
        if var folded = summary.imports {
            folded.rateLimited = destination.rateLimitedResponses
            summary.imports = folded
        }
        summary.seconds = clock.lap()
        return summary
    }

    /// Windows exported and not yet taken by the transform-and-import half.
    private final class ReadyWindows: Sendable {
        let windows = Mutex<[String]>([])
    }

    /// What each half of the pipeline gives back.
    private enum Part: Sendable {
        case export(ExportSummary)
        case imports(ImportSummary?, heldBack: [String])
    }
}
