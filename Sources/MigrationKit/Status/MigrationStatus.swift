import Essentials
import Foundation

/// Where a named migration stands, phase by phase and window by window, and the exact command
/// to run next: what `status` shows. Made from the state file (read through a read-only
/// ``StateStore``: no lock, nothing written) and the mapping file; no org is asked anything.
public struct MigrationStatus: Sendable, Equatable {
    /// The org a migration moves from or to, as far as the files know it.
    public struct Org: Sendable, Equatable {
        public var id: String?
        public var name: String?
        /// The API base the mapping file recorded; nil when there is no mapping file.
        public var apiBase: String?

        public init(id: String?, name: String?, apiBase: String?) {
            self.id = id
            self.name = name
            self.apiBase = apiBase
        }

        /// Whether anything is known of the org.
        public var isKnown: Bool { id != nil || name != nil || apiBase != nil }
    }

    public let workspace: MigrationWorkspace
    /// Whether anything is recorded for the migration: a mapping file or a state file.
    public let isRecorded: Bool
    public let mapping: MappingStatus
    public let source: Org
    public let destination: Org
    /// The process that holds the migration's lock now (a phase is running), when it can be told.
    public let inUseBy: Int32?
    public let export: ExportPhaseStatus
    public let transform: TransformPhaseStatus
    public let imports: ImportPhaseStatus
    /// The command to run next, and why.
    public let next: NextStep

    /// The status of `workspace` from its parts: `state` as the store read it (`stateRecorded`
    /// when a state file or journal holds it), and `mapping`.
    public init(workspace: MigrationWorkspace, state: MigrationState, stateRecorded: Bool, mapping: MappingStatus, inUseBy: Int32? = nil) {
        self.workspace = workspace
        self.mapping = mapping
        self.inUseBy = inUseBy
        isRecorded = stateRecorded || mapping.isPresent
        export = ExportPhaseStatus(state.export)
        transform = TransformPhaseStatus(state.transform, export: export, mappingSHA256: mapping.sha256)
        imports = ImportPhaseStatus(state.imports, transform: transform)
        let file = mapping.file
        source = Org(id: file?.source.orgId ?? state.export.sourceOrgId ?? state.imports.configuration?.sourceOrgId,
                     name: file?.source.orgName ?? state.export.sourceOrgName, apiBase: file?.source.apiBase)
        destination = Org(id: file?.destination.orgId ?? state.imports.configuration?.destinationOrgId,
                          name: file?.destination.orgName, apiBase: file?.destination.apiBase)
        next = NextStepPlanner(workspace: workspace, isRecorded: isRecorded, mapping: mapping, source: source, destination: destination,
                               export: export, transform: transform, imports: imports, inUseBy: inUseBy).plan()
    }

    /// Reads the status of `workspace`: the mapping file if there is one, and the state through
    /// a read-only store, which takes no lock and writes nothing, so this works while another
    /// command holds the migration.
    ///
    /// - Throws: ``MappingFileError`` or `FileError` for a mapping file that can't be used, and
    ///   ``StateStoreError`` for a state file or journal that can't be read.
    public static func read(_ workspace: MigrationWorkspace) async throws -> MigrationStatus {
        let mapping: MappingStatus
        if let bytes = try FileContents.readIfPresent(path: workspace.mappingFile) {
            mapping = MappingStatus(path: workspace.mappingFile, file: try MappingFile.decode(bytes, path: workspace.mappingFile),
                                    sha256: SHA256.hash(bytes).hex)
        } else {
            mapping = MappingStatus(path: workspace.mappingFile, file: nil, sha256: nil)
        }
        let store = try StateStore(workspace, access: .readOnly)
        let state = await store.state
        try await store.close()
        let recorded = FileManager.default.fileExists(atPath: workspace.stateFile) || state != MigrationState()
        return MigrationStatus(workspace: workspace, state: state, stateRecorded: recorded, mapping: mapping,
                               inUseBy: LockProbe.holder(of: workspace.lockFile))
    }
}
