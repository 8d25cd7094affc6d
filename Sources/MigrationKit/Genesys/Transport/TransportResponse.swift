import Essentials

/// One HTTP response as ``HTTPTransport`` returns it: any status, the headers the client reads,
/// and the whole body.
public struct TransportResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields; look them up with ``header(_:)``, which ignores case.
    public var headers: [(name: String, value: String)]
    /// The body bytes; empty for a 2xx answer of ``HTTPTransport/stream(_:body:)``, whose body
    /// went to the consumer instead.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the header `name`, ignoring case (header names are case-insensitive, and
    /// Linux's Foundation re-capitalises them).
    public func header(_ name: String) -> String? {
        HTTPHeaderName.value(of: name, in: headers)
    }

    /// The response headers the client reads. ``URLSessionTransport`` reads exactly these, each
    /// with `value(forHTTPHeaderField:)`, because Linux's Foundation re-capitalises names in
    /// `allHeaderFields`.
    public static let readHeaderNames: [String] = [
        "Content-Type", "Content-Length", "Retry-After", "Location", "ININ-Correlation-Id",
        "inin-ratelimit-allowed", "inin-ratelimit-count", "inin-ratelimit-reset",
    ]
}
