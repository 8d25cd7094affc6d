/// Which side of a migration an org is on; decides the environment variables its credentials
/// come from and the names of its command-line options.
public enum OrgRole: String, Sendable, CaseIterable {
    /// The org interactions are read from.
    case source
    /// The org interactions are written to.
    case destination

    /// `SOURCE_CLIENT_ID` or `DEST_CLIENT_ID`.
    public var clientIdVariable: String { self == .source ? "SOURCE_CLIENT_ID" : "DEST_CLIENT_ID" }

    /// `SOURCE_CLIENT_SECRET` or `DEST_CLIENT_SECRET`.
    public var clientSecretVariable: String { self == .source ? "SOURCE_CLIENT_SECRET" : "DEST_CLIENT_SECRET" }

    /// The prefix of this side's command-line options: `source` (`--source-api`) or `dest`.
    public var optionPrefix: String { self == .source ? "source" : "dest" }

    /// `--source-profile` or `--dest-profile`.
    public var profileOption: String { "--\(optionPrefix)-profile" }

    /// `--source-region` or `--dest-region`.
    public var regionOption: String { "--\(optionPrefix)-region" }

    /// `--source-api` or `--dest-api`.
    public var apiOption: String { "--\(optionPrefix)-api" }
}
