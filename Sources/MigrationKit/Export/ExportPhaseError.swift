/// Why the export phase refused to start.
public enum ExportPhaseError: Error, Equatable, CustomStringConvertible {
    /// The migration's mapping file (or its earlier export) is for another source org.
    case otherSourceOrg(file: String, expected: String, found: String)

    public var description: String {
        switch self {
        case let .otherSourceOrg(file, expected, found):
            return "\(file) belongs to source org \(expected), but these options reach \(found); check --source-region/--source-api and the SOURCE_CLIENT_ID/SOURCE_CLIENT_SECRET variables, or use another --name for a migration from that org"
        }
    }
}
