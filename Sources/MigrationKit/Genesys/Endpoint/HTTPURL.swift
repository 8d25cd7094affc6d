/// An absolute `http` or `https` URL split into its origin and the rest, without Foundation's
/// platform differences (IPv6 brackets, percent-encoding, case).
///
/// The parser is strict on purpose: these URLs decide where credentials go, so anything unusual
/// (user info, an empty host, a bad port) is refused rather than guessed at.
public struct HTTPURL: Sendable, Hashable {
    /// Scheme, host and effective port.
    public let origin: HTTPOrigin
    /// Whether the URL spelled out its port.
    public let hasExplicitPort: Bool
    /// The path, possibly empty, without query or fragment.
    public let path: String
    /// The query after `?`, without the `?`; nil when there is none.
    public let query: String?

    /// Parses `text`, or explains why it is not an absolute http(s) URL.
    public static func parse(_ text: String) -> Result<HTTPURL, Problem> {
        guard let separator = text.range(of: "://") else { return .failure(.notAbsolute) }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return .failure(.unsupportedScheme(scheme)) }
        let afterScheme = text[separator.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard !authority.contains("@") else { return .failure(.userInfo) }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .failure(.badHost) }
            host = authority[...close]
            let tail = authority[authority.index(after: close)...]
            if !tail.isEmpty {
                guard tail.hasPrefix(":") else { return .failure(.badHost) }
                portText = tail.dropFirst()
            }
            let inside = host.dropFirst().dropLast()
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return .failure(.badHost)
            }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            } else {
                host = authority
            }
            let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }
            guard !host.isEmpty, host.allSatisfy(allowed) else { return .failure(.badHost) }
        }
        var port = HTTPOrigin.defaultPort(of: scheme)
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit), let number = Int(portText),
                  (1...65_535).contains(number) else { return .failure(.badPort(String(portText))) }
            port = number
        }

        var rest = afterScheme[authorityEnd...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var path = rest
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            path = rest[..<mark]
            query = String(rest[rest.index(after: mark)...])
        }
        return .success(HTTPURL(origin: HTTPOrigin(scheme: scheme, host: String(host), port: port),
                                hasExplicitPort: portText != nil, path: String(path), query: query))
    }

    /// The URL without its query: safe to show in messages, since a pre-signed download URL carries
    /// its signature in the query.
    public var redacted: String {
        let port = hasExplicitPort && origin.port != HTTPOrigin.defaultPort(of: origin.scheme) ? ":\(origin.port)" : ""
        return "\(origin.scheme)://\(origin.host)\(port)\(path)"
    }

    /// Why a text is not an absolute http(s) URL.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// No `scheme://` at the start.
        case notAbsolute
        /// A scheme other than http or https.
        case unsupportedScheme(String)
        /// `user:password@` before the host.
        case userInfo
        /// An empty or malformed host.
        case badHost
        /// A port that is not a number from 1 to 65535.
        case badPort(String)

        public var description: String {
            switch self {
            case .notAbsolute: return "it is not an absolute URL (it should start with https://)"
            case .unsupportedScheme(let scheme): return "its scheme '\(scheme)' is not https"
            case .userInfo: return "it carries a user name or password before the host"
            case .badHost: return "its host is empty or malformed"
            case .badPort(let port): return "its port '\(port)' is not a number from 1 to 65535"
            }
        }
    }
}
