import Essentials

/// Why an org's OAuth credentials could not be read, from the environment or from a profile of
/// the Genesys Cloud CLI's configuration file. Never carries a credential's value.
public enum CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable is not set.
    case missingVariable(String, role: OrgRole)
    /// The environment variable is set but empty (or only whitespace).
    case emptyVariable(String, role: OrgRole)
    /// The Genesys Cloud CLI configuration file does not exist.
    case configFileMissing(path: String)
    /// The configuration file exists but can't be read (permissions, a folder, an I/O error).
    case configFileUnreadable(path: String, FileError)
    /// The configuration file is not TOML of the subset this tool reads (see ``TOMLSubsetParser``);
    /// the error names the line and never a value.
    case configFileInvalid(path: String, TOMLSubsetError)
    /// The configuration file has no table named `profile`; `known` lists the ones it has.
    case profileNotFound(path: String, profile: String, known: [String], role: OrgRole)
    /// The profile has no `key` (`client_credentials`, `client_secret`, `environment`).
    case profileKeyMissing(path: String, profile: String, key: String, role: OrgRole)
    /// The profile's `key` is an empty string (or only whitespace).
    case profileKeyEmpty(path: String, profile: String, key: String, role: OrgRole)
    /// The profile's `key`, on `line`, is not a string; `found` reads as in "a boolean".
    case profileKeyNotString(path: String, profile: String, key: String, line: Int, found: String, role: OrgRole)
    /// The profile's `environment` names neither a region nor a region's domain of contract §1.
    case unknownEnvironment(path: String, profile: String, value: String, role: OrgRole)

    public var description: String {
        switch self {
        case .missingVariable(let name, let role):
            return "\(name) is not set; export the \(role.rawValue) org's OAuth client credentials in \(role.clientIdVariable) and \(role.clientSecretVariable), or give \(role.profileOption) NAME"
        case .emptyVariable(let name, let role):
            return "\(name) is empty; export the \(role.rawValue) org's OAuth client credentials in \(role.clientIdVariable) and \(role.clientSecretVariable), or give \(role.profileOption) NAME"
        case .configFileMissing(let path):
            return "the Genesys Cloud CLI configuration \(path) does not exist; create its profiles with 'gc profiles new', "
                + "or name the file with --gc-config FILE"
        case .configFileUnreadable(let path, let problem):
            return "the Genesys Cloud CLI configuration \(path) cannot be read: \(problem)"
        case .configFileInvalid(let path, let problem):
            return "\(path): \(problem); fix that line, or write the profile again with 'gc profiles new'"
        case .profileNotFound(let path, let profile, let known, let role):
            let has = known.isEmpty ? "it has no profiles" : "its profiles are \(known.map { "'\($0)'" }.joined(separator: ", "))"
            return "\(path) has no profile '\(profile)' (\(role.profileOption)); \(has); give one of those, "
                + "or create it with 'gc profiles new'"
        case .profileKeyMissing(let path, let profile, let key, let role):
            return "\(path): profile '\(profile)' has no \(key); \(Self.fix(key: key, profile: profile, role: role))"
        case .profileKeyEmpty(let path, let profile, let key, let role):
            return "\(path): profile '\(profile)' has an empty \(key); \(Self.fix(key: key, profile: profile, role: role))"
        case .profileKeyNotString(let path, let profile, let key, let line, let found, let role):
            return "\(path): profile '\(profile)' has \(found) as \(key) on line \(line), not a string; "
                + Self.fix(key: key, profile: profile, role: role)
        case .unknownEnvironment(let path, let profile, let value, let role):
            return "\(path): profile '\(profile)' has environment '\(value)', which is neither a region nor a region's domain; "
                + "set it to one of \(Region.all.map(\.name).joined(separator: ", ")) or its domain (such as mypurecloud.ie), "
                + "or give \(role.apiOption) URL for another host"
        }
    }

    /// What to write for `key` under `[profile]`.
    private static func fix(key: String, profile: String, role: OrgRole) -> String {
        let table = "[\(profile)]"
        switch key {
        case "client_credentials":
            return "add client_credentials = \"<client id>\" under \(table): the id of a client-credentials OAuth client of the \(role.rawValue) org "
                + "(this tool does not use gc's access tokens or browser logins)"
        case "client_secret":
            return "add client_secret = \"<secret>\" under \(table): the secret of the OAuth client whose id is client_credentials "
                + "(this tool does not use gc's access tokens or browser logins)"
        case "environment":
            return "add environment = \"<region>\" under \(table), such as eu-west-1 or mypurecloud.ie, "
                + "or give \(role.regionOption) NAME or \(role.apiOption) URL"
        default:
            return "set \(key) under \(table)"
        }
    }
}
