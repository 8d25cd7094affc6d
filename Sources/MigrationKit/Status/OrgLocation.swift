/// How a next command names one org: the region whose API base the mapping file recorded
/// (`--dest-region eu-west-1`), the API base itself when it is no region's (`--dest-api URL`, as
/// for the emulator), or a placeholder when no mapping file says where the org is.
public enum OrgLocation: Sendable, Equatable {
    /// A region of contract §1.
    case region(String)
    /// An API base that is no region's.
    case api(String)
    /// Not known: the admin fills in `REGION`.
    case unknown

    /// The word an unknown region is written as.
    public static let placeholder = "REGION"

    /// The location of an org whose API base is `apiBase` (compared without case or trailing
    /// slashes against each region's `https://api.<domain>`).
    public init(apiBase: String?) {
        guard let apiBase, !apiBase.isEmpty else {
            self = .unknown
            return
        }
        var base = Substring(apiBase)
        while base.hasSuffix("/") { base = base.dropLast() }
        let wanted = base.lowercased()
        if let region = Region.all.first(where: { $0.apiBase == wanted }) {
            self = .region(region.name)
        } else {
            self = .api(String(base))
        }
    }

    /// The options for `side` (`source` or `dest`): `["--dest-region", "eu-west-1"]`.
    public func options(_ side: String) -> [String] {
        switch self {
        case .region(let name): return ["--\(side)-region", name]
        case .api(let base): return ["--\(side)-api", base]
        case .unknown: return ["--\(side)-region", Self.placeholder]
        }
    }
}
