/// Who an org is (contract §4): read from `GET /api/v2/organizations/me` before any phase.
public struct OrgIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The org id (a lower-case UUID).
    public var id: String
    /// The org's display name (`Acme Prod`).
    public var name: String
    /// The API base the identity was read from.
    public var apiBase: String

    /// An identity.
    public init(id: String, name: String, apiBase: String) {
        self.id = id
        self.name = name
        self.apiBase = apiBase
    }

    /// `'Acme Prod' (id ..., https://api...)`.
    public var description: String { "'\(name)' (id \(id), \(apiBase))" }
}
