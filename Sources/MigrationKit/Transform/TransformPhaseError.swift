/// Why the transform phase could not start.
public enum TransformPhaseError: Error, Equatable, CustomStringConvertible {
    /// The migration has no exported windows.
    case noWindows(folder: String)
    /// The destination's schema fields are not known, and no destination was given to ask.
    case noSchema
    /// The destination serves no schema list (a Genesys Cloud org).
    case noSchemaList(org: String)

    public var description: String {
        switch self {
        case .noWindows(let folder):
            return "no exported windows in \(folder); run the export first, or use --in/--out on a file"
        case .noSchema:
            return "the destination's schema fields are not known yet; give the destination once with --dest-region or --dest-api (with DEST_CLIENT_ID/DEST_CLIENT_SECRET or --dest-profile NAME), or --dest-schema-fields FILE"
        case .noSchemaList(let org):
            return "the \(org) org serves no interaction schema list (GET /api/v2/interaction/export/schemas answered 404), as a Genesys Cloud org doesn't; give the destination's top-level field names with --dest-schema-fields FILE (a JSON array)"
        }
    }
}
