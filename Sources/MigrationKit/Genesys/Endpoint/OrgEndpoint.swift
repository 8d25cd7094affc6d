import Foundation

/// Where one org is reached: its API base (every `/api/v2/...` path) and its login base
/// (`/oauth/token`), per contract §1.
///
/// Both are normalised (no trailing slash, lower-case scheme and host) and checked before any
/// request is sent: only `https`, except plain `http` to a loopback host (the emulator).
public struct OrgEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The API base, such as `https://api.mypurecloud.ie`, without a trailing slash.
    public let apiBase: String
    /// The login base, such as `https://login.mypurecloud.ie`, without a trailing slash.
    public let loginBase: String
    /// The API base's origin: the only origin that ever receives the bearer token.
    public let origin: HTTPOrigin

    /// The endpoint of a region of contract §1, named (`eu-west-1`, any case) or by its domain
    /// (`mypurecloud.ie`, also `api.mypurecloud.ie`); see ``Region/matching(_:)``.
    ///
    /// - Throws: ``OrgEndpointError/unknownRegion(_:known:)`` listing the known names.
    public init(region: String) throws(OrgEndpointError) {
        guard let found = Region.matching(region) else {
            throw .unknownRegion(region, known: Region.all.map(\.name))
        }
        try self.init(apiBase: found.apiBase, loginBase: found.loginBase)
    }

    /// An endpoint from an explicit API base, and a login base when it differs from the derived one.
    ///
    /// Without `loginBase`, the login base is the API base with a leading `api.` host label
    /// replaced by `login.`, or the API base itself when the host has no such label (as with
    /// `http://127.0.0.1:PORT`).
    ///
    /// - Throws: ``OrgEndpointError/invalidURL(_:role:reason:)`` for anything but an absolute
    ///   http(s) URL without query, and ``OrgEndpointError/insecureURL(_:role:)`` for `http://`
    ///   to a host that is not loopback.
    public init(apiBase: String, loginBase: String? = nil) throws(OrgEndpointError) {
        let api = try OrgEndpoint.checked(apiBase, role: "API base")
        self.apiBase = OrgEndpoint.text(of: api)
        self.origin = api.origin
        if let loginBase {
            self.loginBase = OrgEndpoint.text(of: try OrgEndpoint.checked(loginBase, role: "login base"))
        } else {
            self.loginBase = OrgEndpoint.derivedLoginBase(from: api)
        }
    }

    /// `api <base>, login <base>`.
    public var description: String { "api \(apiBase), login \(loginBase)" }

    // MARK: - Rules

    /// Parses and checks one base URL.
    private static func checked(_ text: String, role: String) throws(OrgEndpointError) -> HTTPURL {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let url: HTTPURL
        switch HTTPURL.parse(trimmed) {
        case .success(let parsed): url = parsed
        case .failure(let problem): throw .invalidURL(trimmed, role: role, reason: problem.description)
        }
        guard url.query == nil, !trimmed.contains("#") else {
            throw .invalidURL(trimmed, role: role, reason: "a base URL takes no query or fragment")
        }
        try requireSecure(url, shown: trimmed, role: role)
        return url
    }

    /// Refuses plain `http` unless the host is loopback (contract §1).
    static func requireSecure(_ url: HTTPURL, shown: String, role: String) throws(OrgEndpointError) {
        if url.origin.scheme == "http" && !url.origin.isLoopback {
            throw .insecureURL(shown, role: role)
        }
    }

    /// The normalised text of a base: lower-case scheme and host, the explicit port, the path
    /// without trailing slashes.
    private static func text(of url: HTTPURL) -> String {
        var path = Substring(url.path)
        while path.hasSuffix("/") { path = path.dropLast() }
        let port = url.hasExplicitPort ? ":\(url.origin.port)" : ""
        return "\(url.origin.scheme)://\(url.origin.host)\(port)\(path)"
    }

    /// The login base derived from an API base (contract §1).
    private static func derivedLoginBase(from api: HTTPURL) -> String {
        let host = api.origin.host
        guard host.hasPrefix("api."), host.count > 4 else { return text(of: api) }
        let loginHost = "login." + host.dropFirst(4)
        let login = HTTPURL(origin: HTTPOrigin(scheme: api.origin.scheme, host: loginHost, port: api.origin.port),
                            hasExplicitPort: api.hasExplicitPort, path: api.path, query: nil)
        return text(of: login)
    }
}
