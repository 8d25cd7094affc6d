/// Why `verify` refused to start. Each message names the input and the fix; `verify` writes
/// nothing in the migration's state, so nothing is lost when one of these is thrown.
public enum VerifyPhaseError: Error, Equatable, CustomStringConvertible {
    /// No window has been transformed: there is nothing the destination should hold.
    case nothingTransformed(migration: String)
    /// The source org can't be told (no mapping file and no export recorded), so neither can
    /// the `externalId` prefix of this migration's records.
    case unknownSourceOrg(mappingFile: String)
    /// The destination named is the migration's source org.
    case sameOrg(id: String, name: String)
    /// A line of a transformed file is not a record with an `externalId`.
    case badTransformedRecord(path: String, line: Int, reason: String)
    /// A line of the destination's export is not a JSON object.
    case badDestinationRecord(path: String, line: Int, reason: String)
    /// What an earlier verify left in the verification folder can't be removed.
    case cannotClearVerificationFolder(path: String, reason: String)

    public var description: String {
        switch self {
        case let .nothingTransformed(migration):
            return "migration '\(migration)' has no transformed windows, so there is nothing to verify; run 'interaction-migrate transform --name \(migration)' and 'interaction-migrate import --name \(migration)' (or 'run') first"
        case let .unknownSourceOrg(mappingFile):
            return "the source org of this migration is unknown: there is no \(mappingFile) and no export recorded, so its records' externalIds can't be told from others; run 'interaction-migrate mappings generate' and the export first"
        case let .sameOrg(id, name):
            return "the destination org \(name) (\(id)) is the migration's source org; check --dest-region/--dest-api and the DEST_CLIENT_ID/DEST_CLIENT_SECRET variables"
        case let .badTransformedRecord(path, line, reason):
            return "\(path) line \(line) is \(reason); run the transform again to write the file afresh, then import and verify"
        case let .badDestinationRecord(path, line, reason):
            return "\(path) line \(line), the destination's export, is \(reason); run verify again to export the destination afresh"
        case let .cannotClearVerificationFolder(path, reason):
            return "cannot remove \(path), left by an earlier verify (\(reason)); check its permissions, or remove it by hand, then run verify again"
        }
    }
}
