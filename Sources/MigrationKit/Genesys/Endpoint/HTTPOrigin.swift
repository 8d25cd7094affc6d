/// The origin of an HTTP URL: scheme, host and port (RFC 6454), the unit of trust for bearer tokens.
///
/// Two URLs share an origin when their schemes, hosts (ignoring case) and effective ports are equal;
/// a missing port is the scheme's default, so `https://h` and `https://h:443` are one origin.
public struct HTTPOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`, lower-case.
    public let scheme: String
    /// The host, lower-case; an IPv6 address keeps its brackets (`[::1]`).
    public let host: String
    /// The effective port: the URL's own, or 80 / 443.
    public let port: Int

    /// An origin from its parts; `host` is lower-cased.
    public init(scheme: String, host: String, port: Int) {
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        self.port = port
    }

    /// The port a scheme uses when a URL names none.
    static func defaultPort(of scheme: String) -> Int { scheme == "https" ? 443 : 80 }

    /// Whether the host is a loopback address: 127.0.0.0/8, `localhost` or `[::1]`.
    public var isLoopback: Bool {
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCIIDigit) && Int(octet)! <= 255
        }
    }

    /// `scheme://host[:port]`, the port shown only when it is not the scheme's default.
    public var description: String {
        port == HTTPOrigin.defaultPort(of: scheme) ? "\(scheme)://\(host)" : "\(scheme)://\(host):\(port)"
    }
}
