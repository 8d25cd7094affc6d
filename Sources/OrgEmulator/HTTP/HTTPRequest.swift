import Essentials

/// One HTTP/1.1 request as the server read it.
public struct HTTPRequest: Sendable, Equatable {
    /// `GET`, `POST`, ... as sent (methods are case-sensitive).
    public var method: String
    /// The request target as sent: path and query, e.g. `/api/v2/routing/queues?pageSize=100`.
    public var target: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// When the request's first bytes arrived (seconds since the epoch, to the microsecond), as
    /// the connection saw them; nil for a request not read from a socket. A request that was on its way before an
    /// answer to another request went out can't have been sent in reaction to it.
    public var arrivedAt: Double?
    /// The connection it came on (unique within the process); nil for a request not read from a
    /// socket. HTTP/1.1 without pipelining: a request on a connection was sent after the client
    /// read the answer before it on that connection.
    public var connection: Int?

    public init(method: String, target: String, version: String = "HTTP/1.1", headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The path part of the target, without the query, percent-escapes left as sent.
    public var path: String {
        if let q = target.firstIndex(of: "?") { return String(target[..<q]) }
        return target
    }

    /// The query parameters in order, percent-decoded (`+` is a space).
    public var queryItems: [(name: String, value: String)] {
        guard let q = target.firstIndex(of: "?") else { return [] }
        return target[target.index(after: q)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(String(parts[0]))
            let value = parts.count > 1 ? PercentEncoding.decode(String(parts[1])) : ""
            return (name, value)
        }
    }

    /// The last value of the query parameter `name`.
    public func query(_ name: String) -> String? {
        queryItems.last { $0.name == name }?.value
    }
}
