import Foundation

/// The OAuth client (client-credentials grant) a migration uses for one org.
public struct OrgCredentials: Sendable, CustomStringConvertible {
    /// The OAuth client id.
    public var clientId: String
    /// The OAuth client secret; prints as `<redacted>`.
    public var clientSecret: Secret
    /// Where the credentials came from, for error messages (`SOURCE_CLIENT_ID/SOURCE_CLIENT_SECRET`);
    /// nil when they were given directly.
    public var origin: String?

    /// Credentials given directly.
    public init(clientId: String, clientSecret: Secret, origin: String? = nil) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.origin = origin
    }

    /// Reads `SOURCE_CLIENT_ID` and `SOURCE_CLIENT_SECRET` (or `DEST_...`) from `environment`.
    ///
    /// Surrounding whitespace is dropped: ids and secrets never contain any, and a pasted line
    /// break would otherwise fail as `invalid_client` much later.
    ///
    /// - Throws: ``CredentialsError/missingVariable(_:role:)`` or
    ///   ``CredentialsError/emptyVariable(_:role:)``, naming the variable and never any value.
    public static func fromEnvironment(
        role: OrgRole, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CredentialsError) -> OrgCredentials {
        let id = try value(of: role.clientIdVariable, role: role, in: environment)
        let secret = try value(of: role.clientSecretVariable, role: role, in: environment)
        return OrgCredentials(clientId: id, clientSecret: Secret(secret),
                              origin: "\(role.clientIdVariable)/\(role.clientSecretVariable)")
    }

    private static func value(of name: String, role: OrgRole, in environment: [String: String]) throws(CredentialsError) -> String {
        guard let raw = environment[name] else { throw .missingVariable(name, role: role) }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyVariable(name, role: role) }
        return trimmed
    }

    /// The client id and a redacted secret.
    public var description: String { "client \(clientId), secret <redacted>" }
}
