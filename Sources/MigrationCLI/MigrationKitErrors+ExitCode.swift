import Essentials
import MigrationKit
import OrgEmulator

// Exit statuses of the product's errors, decided here in the command layer.

extension MigrationWorkspace.NameError: ExitCodeProviding {
    /// A name that can't be a file name is a usage error (64).
    public var exitStatus: ExitCode { .usage }
}

extension OrgEndpointError: ExitCodeProviding {
    /// A region or URL the tool refuses is a usage error (64): nothing was sent.
    public var exitStatus: ExitCode { .usage }
}

extension CredentialsError: ExitCodeProviding {
    /// A missing credential variable is a configuration error (78).
    public var exitStatus: ExitCode { .configuration }
}

extension OrgPairError: ExitCodeProviding {
    /// Source and destination being one org is a configuration error (78).
    public var exitStatus: ExitCode { .configuration }
}

extension OrgClientError: ExitCodeProviding {
    /// Refused credentials are a configuration error (78); an org that never answered is
    /// unavailable (69); anything else is a failure (1).
    public var exitStatus: ExitCode {
        switch self {
        case .invalidCredentials: return .configuration
        case .unreachable: return .unavailable
        default: return .failure
        }
    }
}

extension OrgAPIError: ExitCodeProviding {
    /// An org that answered only 502, 503 or 504 (a gateway, or the service down), even after
    /// retries, is unavailable (69); any other error status is a failure (1).
    public var exitStatus: ExitCode { [502, 503, 504].contains(status) ? .unavailable : .failure }
}

extension MappingFileError: ExitCodeProviding {
    /// A malformed mapping file is a data error (65).
    public var exitStatus: ExitCode { .dataError }
}

extension OrgDirectoryError: ExitCodeProviding {
    /// An org list the tool can't read is a data error (65).
    public var exitStatus: ExitCode { .dataError }
}

extension FileError: ExitCodeProviding {
    /// A file that can't be opened for reading (missing, unreadable, a folder) is no input (66);
    /// a line too long to be a record is a data error (65); reading or writing that failed
    /// part-way is an I/O error (74).
    public var exitStatus: ExitCode {
        switch self {
        case .cannotOpen: return .noInput
        case .lineTooLong: return .dataError
        default: return .ioError
        }
    }
}

extension ExternalSortError: ExitCodeProviding {
    /// Sorting on disk failed: an I/O error (74).
    public var exitStatus: ExitCode { .ioError }
}

extension TransformInputs.Problem: ExitCodeProviding {
    /// A schema-fields file or fallback name the tool can't use is a data error (65).
    public var exitStatus: ExitCode { .dataError }
}

extension StateStoreError: ExitCodeProviding {
    /// Another command holds the migration (75, try again later); a state file that can't be
    /// read is no input (66); one that is damaged or of a newer format is a data error (65);
    /// progress that can't be recorded is an I/O error (74).
    public var exitStatus: ExitCode {
        switch self {
        case .locked: return .inUse
        case .unreadable: return .noInput
        case .damaged, .newerFormat, .journalDamaged: return .dataError
        case .lockFailed, .writeFailed, .closed: return .ioError
        case .readOnly: return .internalError
        }
    }
}

extension TransformPhaseError: ExitCodeProviding {
    /// No exported windows: no input (66). No known schema and no destination named: usage (64).
    /// An export file changed since the export verified it: a data error (65).
    public var exitStatus: ExitCode {
        switch self {
        case .noWindows: return .noInput
        case .noSchema: return .usage
        case .noSchemaList: return .configuration
        case .exportFileChanged: return .dataError
        }
    }
}

extension EmulatorConfigFile.Problem: ExitCodeProviding {
    /// A configuration file that can't be read is no input (66); one that is wrong, a data error (65).
    public var exitStatus: ExitCode { cannotRead ? .noInput : .dataError }
}

extension ExportOptionsError: ExitCodeProviding {
    /// A range, window or type list the export refuses is a usage error (64); data the org
    /// doesn't have complete yet is a configuration problem of the range too (64).
    public var exitStatus: ExitCode { .usage }
}

extension ExportPhaseError: ExitCodeProviding {
    /// Another source org than the migration's is a configuration error (78).
    public var exitStatus: ExitCode { .configuration }
}

extension ImportPhaseError: ExitCodeProviding {
    /// Nothing transformed: no input (66). A changed or damaged transformed file: a data error
    /// (65). Another configuration, the source as destination, an unknown source, a destination
    /// without the import API: configuration errors (78).
    public var exitStatus: ExitCode {
        switch self {
        case .nothingTransformed: return .noInput
        case .transformedFileChanged, .badTransformedRecord: return .dataError
        case .unknownSourceOrg, .sameOrg, .configurationMismatch, .noImportAPI: return .configuration
        }
    }
}
