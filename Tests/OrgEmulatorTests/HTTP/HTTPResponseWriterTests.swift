import OrgEmulator
import Testing

@Suite("HTTP response writer")
struct HTTPResponseWriterTests {
    private static let keepAliveGet = HTTPRequest(method: "GET", target: "/")

    @Test("a simple response, byte for byte")
    func simple() {
        let response = HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array("hello".utf8))
        let (bytes, closes) = HTTPResponseWriter.serialize(response, for: Self.keepAliveGet)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
        #expect(!closes)
    }

    @Test("framing fields from the handler are replaced; Connection: close when the client closes")
    func framingAndClose() {
        let response = HTTPResponse(
            status: 404,
            headers: HTTPHeaders([("content-length", "99"), ("X-A", "1"), ("Connection", "keep-alive")]),
            body: Array("{}".utf8)
        )
        let request = HTTPRequest(method: "GET", target: "/", headers: HTTPHeaders([("Connection", "close")]))
        let (bytes, closes) = HTTPResponseWriter.serialize(response, for: request)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 404 Not Found\r\nX-A: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        #expect(closes)
    }

    @Test("truncate writes the full Content-Length but only the first bytes of the body")
    func truncate() {
        let response = HTTPResponse(status: 200, body: Array("0123456789".utf8), disposition: .truncate(afterBodyBytes: 4))
        let (bytes, closes) = HTTPResponseWriter.serialize(response, for: Self.keepAliveGet)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123")
        #expect(closes)
    }

    @Test("drop writes nothing; close adds Connection: close")
    func dropAndClose() {
        let dropped = HTTPResponseWriter.serialize(HTTPResponse(status: 200, body: [1], disposition: .drop), for: Self.keepAliveGet)
        #expect(dropped.bytes.isEmpty)
        #expect(dropped.closesConnection)
        let closed = HTTPResponseWriter.serialize(HTTPResponse(status: 503, disposition: .close), for: Self.keepAliveGet)
        #expect(String(decoding: closed.bytes, as: UTF8.self) == "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(closed.closesConnection)
    }

    @Test("HEAD gets the length without the body; 204 gets neither; HTTP/1.0 keep-alive is announced")
    func specialCases() {
        let response = HTTPResponse(status: 200, body: Array("abc".utf8))
        let head = HTTPResponseWriter.serialize(response, for: HTTPRequest(method: "HEAD", target: "/"))
        #expect(String(decoding: head.bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n")
        let noContent = HTTPResponseWriter.serialize(HTTPResponse(status: 204, body: [1]), for: Self.keepAliveGet)
        #expect(String(decoding: noContent.bytes, as: UTF8.self) == "HTTP/1.1 204 No Content\r\n\r\n")
        let old = HTTPRequest(method: "GET", target: "/", version: "HTTP/1.0", headers: HTTPHeaders([("Connection", "keep-alive")]))
        let kept = HTTPResponseWriter.serialize(response, for: old)
        #expect(String(decoding: kept.bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nabc")
        #expect(!kept.closesConnection)
        #expect(HTTPResponseWriter.serialize(response, for: HTTPRequest(method: "GET", target: "/", version: "HTTP/1.0")).closesConnection)
    }

    @Test("a parser refusal closes the connection")
    func refusal() {
        let (bytes, closes) = HTTPResponseWriter.serialize(HTTPResponseWriter.errorResponse(status: 400, reason: "bad"), for: nil)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbad\n")
        #expect(closes)
    }
}
