import Essentials

/// One HTTP response for the server to send, and what to do with the connection.
public struct HTTPResponse: Sendable {
    /// How the server treats the connection around this response; the non-normal cases are the
    /// emulator's fault injection.
    public enum Disposition: Sendable, Equatable {
        /// Send the response; keep the connection open unless the client asked to close it.
        case normal
        /// Send the response with `Connection: close`, then close.
        case close
        /// Send nothing and close the connection (a dropped connection).
        case drop
        /// Send the headers with the full `Content-Length`, then only this many body bytes, then
        /// close (a truncated download).
        case truncate(afterBodyBytes: Int)
    }

    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var disposition: Disposition

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], disposition: Disposition = .normal) {
        self.status = status
        self.headers = headers
        self.body = body
        self.disposition = disposition
    }

    /// A JSON response (`application/json; charset=utf-8`), written compactly.
    public static func json(_ status: Int, _ value: JSONValue, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        headers.set("Content-Type", "application/json; charset=utf-8")
        // Values built by the emulator hold only finite numbers, so writing cannot fail.
        let body = (try? JSONWriter.compact(value)) ?? Array("{}".utf8)
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// The standard reason phrase for `status`.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 410: return "Gone"
        case 411: return "Length Required"
        case 413: return "Payload Too Large"
        case 415: return "Unsupported Media Type"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }
}
