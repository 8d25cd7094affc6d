/// One profile of the Genesys Cloud CLI's configuration (``GCConfigFile``), checked for use by
/// one side of a migration: its OAuth client, and its `environment` when the command line names
/// no other location.
public struct GCProfile: Sendable, CustomStringConvertible {
    /// The profile's name as the file spells it.
    public let name: String
    /// The configuration file it came from.
    public let path: String
    /// The side it is used for, which names the options in errors.
    public let role: OrgRole
    /// `client_credentials` and `client_secret`, trimmed; the secret prints as `<redacted>`.
    public let credentials: OrgCredentials
    /// `environment`, trimmed: a region name or domain; nil when the profile has none.
    public let environment: String?

    /// A profile read from `path`.
    public init(name: String, path: String, role: OrgRole, credentials: OrgCredentials, environment: String?) {
        self.name = name
        self.path = path
        self.role = role
        self.credentials = credentials
        self.environment = environment
    }

    /// The org's endpoint from `environment`: a region name (`eu-west-1`) or domain
    /// (`mypurecloud.ie`, `api.mypurecloud.ie`, `https://api.mypurecloud.ie`).
    ///
    /// - Throws: ``CredentialsError/profileKeyMissing(path:profile:key:role:)`` or
    ///   ``CredentialsError/profileKeyEmpty(path:profile:key:role:)`` for `environment`, and
    ///   ``CredentialsError/unknownEnvironment(path:profile:value:role:)`` when it names no
    ///   region of contract §1.
    public func endpoint() throws(CredentialsError) -> OrgEndpoint {
        guard let environment else { throw .profileKeyMissing(path: path, profile: name, key: "environment", role: role) }
        guard !environment.isEmpty else { throw .profileKeyEmpty(path: path, profile: name, key: "environment", role: role) }
        guard let region = Region.matching(environment), let endpoint = try? OrgEndpoint(region: region.name) else {
            throw .unknownEnvironment(path: path, profile: name, value: environment, role: role)
        }
        return endpoint
    }

    /// `profile 'name' in path (client <id>, secret <redacted>)`.
    public var description: String { "profile '\(name)' in \(path) (\(credentials))" }
}
