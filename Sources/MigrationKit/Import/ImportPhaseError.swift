/// Why the import phase refused to start, or stopped. Each message names the input and the fix;
/// nothing recorded is lost when one of these is thrown.
public enum ImportPhaseError: Error, Equatable, CustomStringConvertible {
    /// No window has been transformed.
    case nothingTransformed(migration: String)
    /// The source org can't be told: no mapping file and no export recorded.
    case unknownSourceOrg(mappingFile: String)
    /// The destination is the source org.
    case sameOrg(id: String, name: String)
    /// The state file's import section was made for another configuration.
    case configurationMismatch(stateFile: String, differences: [String])
    /// A transformed file is not the one the transform recorded.
    case transformedFileChanged(window: String, path: String)
    /// A line of a transformed file is not an import-ready record.
    case badTransformedRecord(path: String, line: Int, reason: String)
    /// The destination has no import-job API (a Genesys Cloud org).
    case noImportAPI(org: String, detail: String)

    public var description: String {
        switch self {
        case let .nothingTransformed(migration):
            return "migration '\(migration)' has no transformed windows to import; run 'interaction-migrate transform --name \(migration)' first"
        case let .unknownSourceOrg(mappingFile):
            return "the source org of this migration is unknown: there is no \(mappingFile) and no export recorded; run 'interaction-migrate mappings generate' and the export first"
        case let .sameOrg(id, name):
            return "the destination org \(name) (\(id)) is the migration's source org; check --dest-region/--dest-api and the DEST_CLIENT_ID/DEST_CLIENT_SECRET variables"
        case let .configurationMismatch(stateFile, differences):
            return "\(stateFile) holds an import made with another configuration (\(differences.joined(separator: "; "))); run with the recorded configuration to go on with it, or add --new-state to start a fresh import (the current state file is kept beside it)"
        case let .transformedFileChanged(window, path):
            return "\(path) (window \(window)) is not the file the transform wrote: its SHA-256 differs from the one recorded; run the transform again to write it afresh, then import"
        case let .badTransformedRecord(path, line, reason):
            return "\(path) line \(line) is \(reason); run the transform again to write the file afresh, then import"
        case let .noImportAPI(org, detail):
            return "\(org) org has no interaction import API (\(detail)): Genesys Cloud's public API cannot re-create historical interactions, so the import phase runs only against an org that serves the import-job contract (the emulator); use 'run --dry-run' to validate a migration against this org"
        }
    }
}
