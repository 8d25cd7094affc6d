/// Turns an `HTTPResponse` into the bytes a server sends, without touching a socket.
///
/// The writer owns the framing: it drops any `Content-Length`, `Transfer-Encoding` and `Connection`
/// fields the handler set and writes its own after the handler's other fields, in their order:
/// - `Content-Length` is the body's length, always, except on 1xx and 204 responses, which carry no
///   body (RFC 9110 §8.6), and 304, whose body is never sent. A body set on those is not sent.
/// - A response to `HEAD` gets the `Content-Length` of its body, but not the body.
/// - `Connection: close` when the connection closes after this response: the request did not keep it
///   alive, the disposition is not `.normal`, the handler set `Connection: close`, or there was no
///   request (the parser refused the bytes). `Connection: keep-alive` answers an HTTP/1.0 client that
///   asked for it, which otherwise assumes a close.
/// - `.truncate(afterBodyBytes: n)` writes the full `Content-Length` but only the first n body bytes;
///   `.drop` writes nothing at all.
///
/// The status line is always `HTTP/1.1` (a server sends its own version, RFC 9110 §6.2).
public enum HTTPResponseWriter {
    /// The bytes to send for `response` to `request` (nil when the request could not be parsed), and
    /// whether the server closes the connection after sending them.
    public static func serialize(_ response: HTTPResponse, for request: HTTPRequest?) -> (bytes: [UInt8], closesConnection: Bool) {
        var closes = request.map { !$0.keepsConnectionAlive } ?? true
        if response.disposition != .normal { closes = true }
        if let connection = response.headers["Connection"], connection.lowercased().contains("close") { closes = true }
        if response.disposition == .drop { return ([], true) }

        let status = response.status
        let hasNoBody = (100..<200).contains(status) || status == 204
        let sendsBody = !hasNoBody && status != 304 && request?.method != "HEAD"
        var bodyBytes = sendsBody ? response.body.count : 0
        if case let .truncate(afterBodyBytes: limit) = response.disposition {
            bodyBytes = min(bodyBytes, max(limit, 0))
        }

        var out: [UInt8] = []
        out.reserveCapacity(128 + response.headers.fields.count * 48 + bodyBytes)
        out.append(contentsOf: "HTTP/1.1 \(status) \(HTTPResponse.reasonPhrase(status))\r\n".utf8)
        for field in response.headers {
            switch field.name.lowercased() {
            case "content-length", "transfer-encoding", "connection": continue
            default: break
            }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        if !hasNoBody && status != 304 {
            out.append(contentsOf: "Content-Length: \(response.body.count)\r\n".utf8)
        }
        if closes {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if request?.version == "HTTP/1.0" {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: response.body[0..<bodyBytes])
        return (out, closes)
    }

    /// The plain-text response the server sends when it refuses a request with `status`: `reason`
    /// and a newline as the body, then the connection closes.
    public static func errorResponse(status: Int, reason: String) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]),
            body: Array((reason + "\n").utf8),
            disposition: .close
        )
    }
}
