/// What a run did in each phase, and what it held back.
public struct RunSummary: Sendable {
    public var source: OrgIdentity
    public var destination: OrgIdentity
    public var export: ExportSummary
    /// The last, full transform pass: every exported window's verdict.
    public var transform: TransformSummary
    /// Every window's import, folded into one; nil when no window reached the import.
    public var imports: ImportSummary?
    /// Windows exported and transformed but not imported because the pre-flight check stopped an
    /// earlier window's import.
    public var heldBack: [String] = []
    public var seconds: Double = 0

    public init(source: OrgIdentity, destination: OrgIdentity, export: ExportSummary, transform: TransformSummary,
                imports: ImportSummary?) {
        self.source = source
        self.destination = destination
        self.export = export
        self.transform = transform
        self.imports = imports
    }

    /// Whether every window was exported, every record carried over and every chunk imported.
    public var isComplete: Bool {
        export.failed.isEmpty && !transform.needsAttention && heldBack.isEmpty && (imports?.isComplete ?? false)
    }
}
