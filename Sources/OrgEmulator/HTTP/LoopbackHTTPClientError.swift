/// Why a `LoopbackHTTPClient` exchange failed.
public enum LoopbackHTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `host` could not be turned into an address; `reason` is the resolver's.
    case cannotResolveHost(host: String, reason: String)
    /// No connection could be made to `host` and `port` (nothing listening, usually).
    case cannotConnect(host: String, port: UInt16, errno: Int32)
    /// Sending the request failed: the server closed or reset the connection.
    case sendFailed(errno: Int32)
    /// Reading the response failed with a socket error.
    case receiveFailed(errno: Int32)
    /// The server closed the connection before a whole response head arrived.
    case connectionClosed(receivedBytes: Int)
    /// The server closed the connection after `received` of the `expected` body bytes.
    case truncatedBody(expected: Int, received: Int)
    /// The response could not be read as HTTP/1.1.
    case malformedResponse(reason: String)
    /// Nothing arrived for `seconds`.
    case timedOut(seconds: Double)

    /// One lower-case sentence saying what failed and what to check, with no trailing period.
    public var description: String {
        switch self {
        case let .cannotResolveHost(host, reason):
            return "cannot resolve \(host): \(reason); use an IP address such as 127.0.0.1"
        case let .cannotConnect(host, port, code):
            return "cannot connect to \(host):\(port): \(Socket.reason(code)); check that the emulator is running on that port"
        case let .sendFailed(code):
            return "cannot send the request: \(Socket.reason(code)); the server closed the connection"
        case let .receiveFailed(code):
            return "cannot read the response: \(Socket.reason(code))"
        case let .connectionClosed(count):
            return "the server closed the connection after \(count) bytes, before a whole response head"
        case let .truncatedBody(expected, received):
            return "the server closed the connection after \(received) of \(expected) body bytes"
        case let .malformedResponse(reason):
            return "the response is not valid HTTP/1.1: \(reason)"
        case let .timedOut(seconds):
            return "no response within \(seconds) seconds; check that the server is not stuck"
        }
    }
}
