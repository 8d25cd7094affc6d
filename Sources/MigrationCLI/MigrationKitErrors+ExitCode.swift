import Essentials
import MigrationKit

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
    /// reading or writing that failed part-way is an I/O error (74).
    public var exitStatus: ExitCode {
        switch self {
        case .cannotOpen: return .noInput
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

extension StateStore.Problem: ExitCodeProviding {
    /// An unusable state file is a data error (65).
    public var exitStatus: ExitCode { .dataError }
}
