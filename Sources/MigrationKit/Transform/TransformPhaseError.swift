/// Why the transform phase could not start.
public enum TransformPhaseError: Error, Equatable, CustomStringConvertible {
    /// The migration has no exported windows.
    case noWindows(folder: String)
    /// The destination's schema fields are not known, and no destination was given to ask.
    case noSchema
    /// The destination serves no schema list (a Genesys Cloud org).
    case noSchemaList(org: String)
    /// A window's export file is not the file the export verified: its SHA-256 differs from the
    /// one recorded (it was edited, damaged or replaced since), so its records can't be trusted.
    case exportFileChanged(window: String, path: String, migration: String)

    public var description: String {
        switch self {
        case .noWindows(let folder):
            return "no exported windows in \(folder); run the export first, or use --in/--out on a file"
        case .noSchema:
            return "the destination's schema fields are not known yet; give the destination once with --dest-region or --dest-api (with DEST_CLIENT_ID/DEST_CLIENT_SECRET or --dest-profile NAME), or --dest-schema-fields FILE"
        case .noSchemaList(let org):
            return "the \(org) org serves no interaction schema list (GET /api/v2/interaction/export/schemas answered 404), as a Genesys Cloud org doesn't; give the destination's top-level field names with --dest-schema-fields FILE (a JSON array)"
        case let .exportFileChanged(window, path, migration):
            return "\(path) (window \(window)) is not the file the export verified: its SHA-256 differs from the one recorded, so it was changed or damaged since; nothing was transformed from it. Run 'interaction-migrate export --name \(migration)' again, which downloads that window afresh, then transform"
        }
    }
}
