/// Which side of a migration an org is on; decides the environment variables its credentials
/// come from.
public enum OrgRole: String, Sendable, CaseIterable {
    /// The org interactions are read from.
    case source
    /// The org interactions are written to.
    case destination

    /// `SOURCE_CLIENT_ID` or `DEST_CLIENT_ID`.
    public var clientIdVariable: String { self == .source ? "SOURCE_CLIENT_ID" : "DEST_CLIENT_ID" }

    /// `SOURCE_CLIENT_SECRET` or `DEST_CLIENT_SECRET`.
    public var clientSecretVariable: String { self == .source ? "SOURCE_CLIENT_SECRET" : "DEST_CLIENT_SECRET" }
}
