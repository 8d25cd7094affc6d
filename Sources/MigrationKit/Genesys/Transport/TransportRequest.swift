import Essentials

/// One HTTP request as ``HTTPTransport`` sends it.
public struct TransportRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header fields in order. May hold credentials: never print them.
    public var headers: [(name: String, value: String)]
    /// The body, if any.
    public var body: [UInt8]?
    /// The whole exchange's deadline, in seconds.
    public var timeout: Double

    /// A request; `timeout` bounds the whole exchange.
    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                timeout: Double = 60) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of the header `name`, ignoring case.
    public func header(_ name: String) -> String? {
        HTTPHeaderName.value(of: name, in: headers)
    }
}
