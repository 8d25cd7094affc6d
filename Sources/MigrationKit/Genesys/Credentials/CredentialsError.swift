/// Why an org's OAuth credentials could not be read. Never carries a credential's value.
public enum CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable is not set.
    case missingVariable(String, role: OrgRole)
    /// The environment variable is set but empty (or only whitespace).
    case emptyVariable(String, role: OrgRole)

    public var description: String {
        switch self {
        case .missingVariable(let name, let role):
            return "\(name) is not set; export the \(role.rawValue) org's OAuth client credentials in \(role.clientIdVariable) and \(role.clientSecretVariable)"
        case .emptyVariable(let name, let role):
            return "\(name) is empty; export the \(role.rawValue) org's OAuth client credentials in \(role.clientIdVariable) and \(role.clientSecretVariable)"
        }
    }
}
