/// Why an org's API or login base cannot be used. Raised before any request is sent.
public enum OrgEndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The region name or domain is not in contract §1's table; `known` lists the names that are.
    case unknownRegion(String, known: [String])
    /// The value of a region option (`option`, such as `--source-region`) names no region of
    /// contract §1's table; `apiOption` (such as `--source-api`) reaches any other host.
    case unknownRegionOption(String, option: String, apiOption: String, known: [String])
    /// The text is not an absolute http(s) base URL; `role` says which base (`API base`, ...).
    case invalidURL(String, role: String, reason: String)
    /// Plain `http://` to a host that is not loopback: credentials would cross the network unencrypted.
    case insecureURL(String, role: String)

    public var description: String {
        switch self {
        case .unknownRegion(let name, let known):
            return "unknown region '\(name)'; use one of \(known.joined(separator: ", ")), or its domain (such as mypurecloud.ie), or give the API base URL instead"
        case .unknownRegionOption(let name, let option, let apiOption, let known):
            return "\(option) '\(name)' is neither a region nor a region's domain; use one of \(known.joined(separator: ", ")), "
                + "or its domain (such as mypurecloud.ie or api.mypurecloud.ie); for another host give \(apiOption) URL"
        case .invalidURL(let url, let role, let reason):
            return "the \(role) '\(url)' cannot be used: \(reason); give a URL such as https://api.mypurecloud.com"
        case .insecureURL(let url, let role):
            return "the \(role) '\(url)' uses plain http, which is allowed only for loopback hosts (127.0.0.1, localhost, [::1]); use https"
        }
    }
}
