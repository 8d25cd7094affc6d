/// Why a source and destination org cannot be used together.
public enum OrgPairError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Both identities have the same org id.
    case sameOrg(source: OrgIdentity, destination: OrgIdentity)

    public var description: String {
        switch self {
        case .sameOrg(let source, let destination):
            return "the source and destination are the same org, '\(source.name)' (id \(source.id)), reached at \(source.apiBase) and \(destination.apiBase); give the destination org's region or API base and its own OAuth client"
        }
    }
}
