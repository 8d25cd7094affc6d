import Foundation

/// A Genesys Cloud region and its domain (contract §1): the API lives at `https://api.<domain>`
/// and OAuth at `https://login.<domain>`.
public struct Region: Sendable, Hashable {
    /// The region's name as admins know it (`eu-west-1`).
    public let name: String
    /// The domain its hosts live under (`mypurecloud.ie`).
    public let domain: String

    /// Every region of contract §1, in the order of its table.
    public static let all: [Region] = [
        Region(name: "us-east-1", domain: "mypurecloud.com"),
        Region(name: "us-east-2", domain: "use2.us-gov-pure.cloud"),
        Region(name: "us-west-2", domain: "usw2.pure.cloud"),
        Region(name: "ca-central-1", domain: "cac1.pure.cloud"),
        Region(name: "sa-east-1", domain: "sae1.pure.cloud"),
        Region(name: "mx-central-1", domain: "mxc1.pure.cloud"),
        Region(name: "eu-west-1", domain: "mypurecloud.ie"),
        Region(name: "eu-west-2", domain: "euw2.pure.cloud"),
        Region(name: "eu-central-1", domain: "mypurecloud.de"),
        Region(name: "eu-central-2", domain: "euc2.pure.cloud"),
        Region(name: "ap-south-1", domain: "aps1.pure.cloud"),
        Region(name: "ap-southeast-1", domain: "apse1.pure.cloud"),
        Region(name: "ap-northeast-1", domain: "mypurecloud.jp"),
        Region(name: "ap-northeast-2", domain: "apne2.pure.cloud"),
        Region(name: "ap-northeast-3", domain: "apne3.pure.cloud"),
        Region(name: "ap-southeast-2", domain: "mypurecloud.com.au"),
        Region(name: "me-central-1", domain: "mec1.pure.cloud"),
        Region(name: "eusc-de-east-1", domain: "edee1.eusc-pure.cloud"),
    ]

    /// The region called `name`, ignoring case and surrounding whitespace; nil when there is none.
    public static func named(_ name: String) -> Region? {
        let wanted = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return all.first { $0.name == wanted }
    }

    /// The region `text` names: a region name (`eu-west-1`, also written `eu_west_1` as the
    /// Genesys Cloud CLI accepts it) or a region's domain (`mypurecloud.ie`), ignoring case and
    /// surrounding whitespace. A domain may carry a leading `api.`, `https://` or `https://api.`
    /// and a trailing `/`, as API base paths are often written. Nil when it names none of
    /// contract §1's regions.
    public static func matching(_ text: String) -> Region? {
        var wanted = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
        if let found = named(wanted.replacingOccurrences(of: "_", with: "-")) { return found }
        if wanted.hasPrefix("https://") { wanted = wanted.dropFirst("https://".count) }
        while wanted.hasSuffix("/") { wanted = wanted.dropLast() }
        if wanted.hasPrefix("api.") { wanted = wanted.dropFirst("api.".count) }
        return all.first { $0.domain == wanted }
    }

    /// `https://api.<domain>`.
    public var apiBase: String { "https://api.\(domain)" }

    /// `https://login.<domain>`.
    public var loginBase: String { "https://login.\(domain)" }
}
