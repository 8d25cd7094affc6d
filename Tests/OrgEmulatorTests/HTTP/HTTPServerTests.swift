import Foundation
import OrgEmulator
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Answers by path: `/echo` returns the body, `/drop`, `/truncate` and `/close` inject faults,
/// `/slow` waits until released; anything else says hello.
private final class TestHandler: HTTPHandler {
    private struct State {
        var calls = 0
        var slowStarted = false
        var slowFinished = false
    }

    private let state = Mutex(State())

    var calls: Int { state.withLock { $0.calls } }
    var slowStarted: Bool { state.withLock { $0.slowStarted } }
    var slowFinished: Bool { state.withLock { $0.slowFinished } }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        state.withLock { $0.calls += 1 }
        switch request.path {
        case "/echo":
            return HTTPResponse(status: 200, headers: HTTPHeaders([("X-Method", request.method)]), body: request.body)
        case "/drop":
            return HTTPResponse(status: 200, body: Array("never sent".utf8), disposition: .drop)
        case "/truncate":
            return HTTPResponse(status: 200, body: [UInt8](repeating: 0x61, count: 100), disposition: .truncate(afterBodyBytes: 10))
        case "/close":
            return HTTPResponse(status: 503, body: Array("bye".utf8), disposition: .close)
        case "/slow":
            state.withLock { $0.slowStarted = true }
            // Long enough for the test to call shutdown while this runs.
            usleep(300_000)
            state.withLock { $0.slowFinished = true }
            return HTTPResponse(status: 200)
        default:
            return HTTPResponse(status: 200, body: Array("hello \(request.path)".utf8))
        }
    }
}

@Suite("HTTP server over loopback")
struct HTTPServerTests {
    private static func makeServer(_ configuration: HTTPServer.Configuration = .init()) throws -> (HTTPServer, TestHandler) {
        let handler = TestHandler()
        let server = try HTTPServer(port: 0, configuration: configuration, handler: handler)
        try server.start()
        return (server, handler)
    }

    /// Polls `condition` until it holds or `seconds` pass (a bound against hanging, not a speed test).
    private static func eventually(within seconds: Double = 120, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("several requests on one keep-alive connection")
    func keepAlive() throws {
        let (server, handler) = try Self.makeServer()
        defer { server.shutdown() }
        #expect(server.port != 0)
        let client = LoopbackHTTPClient(port: server.port)
        for index in 0..<5 {
            let response = try client.send(HTTPRequest(method: "GET", target: "/item/\(index)"))
            #expect(response.status == 200)
            #expect(Self.text(response.body) == "hello /item/\(index)")
            #expect(response.headers["Content-Length"] == "\(response.body.count)")
            #expect(response.headers["Connection"] == nil)
        }
        #expect(client.connectionsOpened == 1)
        #expect(server.openConnectionCount == 1)
        #expect(handler.calls == 5)
    }

    @Test("pipelined requests on a raw connection are answered in order")
    func pipelining() throws {
        let (server, _) = try Self.makeServer()
        defer { server.shutdown() }
        let client = LoopbackHTTPClient(port: server.port)
        try client.sendRaw(Array("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\nConnection: close\r\n\r\n".utf8))
        let reply = Self.text(try client.readUntilClose())
        #expect(reply == [
            "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nhello /a",
            "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nhello /b",
            "HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhello /c",
        ].joined())
    }

    @Test("an HTTP/1.0 request is answered and closed unless it asks for keep-alive")
    func http10() throws {
        let (server, _) = try Self.makeServer()
        defer { server.shutdown() }
        let client = LoopbackHTTPClient(port: server.port)
        try client.sendRaw(Array("GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /old HTTP/1.0\r\n\r\n".utf8))
        #expect(Self.text(try client.readUntilClose()) == [
            "HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: keep-alive\r\n\r\nhello /k",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nhello /old",
        ].joined())
    }

    @Test("a request body is echoed back, small and large")
    func echo() throws {
        let (server, _) = try Self.makeServer()
        defer { server.shutdown() }
        let client = LoopbackHTTPClient(port: server.port)
        let small = try client.send(HTTPRequest(method: "POST", target: "/echo", body: Array("{\"a\":1}".utf8)))
        #expect(small.status == 200)
        #expect(Self.text(small.body) == "{\"a\":1}")
        #expect(small.headers["x-method"] == "POST")
        let large = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let echoed = try client.send(HTTPRequest(method: "PUT", target: "/echo", body: large))
        #expect(echoed.body == large)
        let empty = try client.send(HTTPRequest(method: "POST", target: "/echo"))
        #expect(empty.body.isEmpty)
        #expect(client.connectionsOpened == 1)
    }

    @Test("URLSession (FoundationNetworking) posts a body and reads the echo")
    func urlSession() async throws {
        let (server, _) = try Self.makeServer()
        defer { server.shutdown() }
        let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/echo"))
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data("{\"name\":\"Main IVR\"}".utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        #expect(http.value(forHTTPHeaderField: "X-Method") == "POST")
        #expect(String(decoding: data, as: UTF8.self) == "{\"name\":\"Main IVR\"}")

        let (hello, second) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(server.port)/x")))
        #expect((second as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: hello, as: UTF8.self) == "hello /x")
    }

    @Test("malformed bytes get 400 and a close, and other connections are still served")
    func malformed() throws {
        let (server, handler) = try Self.makeServer()
        defer { server.shutdown() }
        let other = LoopbackHTTPClient(port: server.port)
        #expect(try other.send(HTTPRequest(method: "GET", target: "/before")).status == 200)

        let raw = LoopbackHTTPClient(port: server.port)
        try raw.sendRaw(Array("THIS IS NOT HTTP\r\n\r\n".utf8))
        let reply = Self.text(try raw.readUntilClose())
        #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(reply.contains("\r\nConnection: close\r\n"))
        #expect(reply.contains("malformed request line"))

        let chunked = LoopbackHTTPClient(port: server.port)
        try chunked.sendRaw(Array("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8))
        #expect(Self.text(try chunked.readUntilClose()).hasPrefix("HTTP/1.1 501 Not Implemented\r\n"))

        let after = try other.send(HTTPRequest(method: "GET", target: "/after"))
        #expect(after.status == 200)
        #expect(Self.text(after.body) == "hello /after")
        #expect(other.connectionsOpened == 1)
        #expect(handler.calls == 2)
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is sent")
    func expectContinue() throws {
        let (server, _) = try Self.makeServer()
        defer { server.shutdown() }
        let client = LoopbackHTTPClient(port: server.port)
        try client.sendRaw(Array("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n".utf8))
        // Returns (false) as soon as the interim response is readable; the body is not sent before.
        #expect(!client.waitForServerClose(seconds: 10))
        try client.sendRaw(Array("hello".utf8))
        #expect(Self.text(try client.readUntilClose()) == "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX-Method: POST\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
    }

    @Test("an oversized Content-Length is refused with 413 before the body is sent")
    func tooLarge() throws {
        let (server, handler) = try Self.makeServer(.init(maximumBodyBytes: 1000))
        defer { server.shutdown() }
        let client = LoopbackHTTPClient(port: server.port)
        let response = try client.send(HTTPRequest(method: "POST", target: "/echo", body: [UInt8](repeating: 1, count: 5000)))
        #expect(response.status == 413)
        #expect(response.headers["Connection"] == "close")
        #expect(handler.calls == 0)
    }

    @Test("a client that leaves mid-request does not hurt the server")
    func halfRequest() throws {
        let (server, handler) = try Self.makeServer()
        defer { server.shutdown() }
        for _ in 0..<3 {
            let quitter = LoopbackHTTPClient(port: server.port)
            try quitter.sendRaw(Array("POST /echo HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly part".utf8))
            quitter.close()
            let headOnly = LoopbackHTTPClient(port: server.port)
            try headOnly.sendRaw(Array("GET /x HTTP/1.1\r\nHost: a".utf8))
            headOnly.close()
        }
        // Their threads end and unregister.
        #expect(Self.eventually { server.openConnectionCount == 0 })
        let client = LoopbackHTTPClient(port: server.port)
        #expect(try client.send(HTTPRequest(method: "GET", target: "/still")).status == 200)
        #expect(handler.calls == 1)
    }

    @Test("a request that stalls gets 408 after the read timeout")
    func readTimeout() throws {
        let (server, handler) = try Self.makeServer(.init(readTimeout: 0.3))
        defer { server.shutdown() }
        let client = LoopbackHTTPClient(port: server.port)
        try client.sendRaw(Array("GET /x HTTP/1.1\r\nHost: a\r\n".utf8))
        let reply = Self.text(try client.readUntilClose())
        #expect(reply.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(handler.calls == 0)
    }

    @Test("drop closes without a response; truncate sends part of the body; close sends, then closes")
    func dispositions() throws {
        let (server, _) = try Self.makeServer()
        defer { server.shutdown() }
        let client = LoopbackHTTPClient(port: server.port)
        #expect(throws: LoopbackHTTPClientError.connectionClosed(receivedBytes: 0)) {
            try client.send(HTTPRequest(method: "GET", target: "/drop"))
        }
        #expect(throws: LoopbackHTTPClientError.truncatedBody(expected: 100, received: 10)) {
            try client.send(HTTPRequest(method: "GET", target: "/truncate"))
        }
        let closed = try client.send(HTTPRequest(method: "GET", target: "/close"))
        #expect(closed.status == 503)
        #expect(Self.text(closed.body) == "bye")
        #expect(closed.headers["Connection"] == "close")
        // The client reconnects after each close.
        #expect(try client.send(HTTPRequest(method: "GET", target: "/")).status == 200)
        #expect(client.connectionsOpened == 4)
    }

    @Test("shutdown closes an idle keep-alive connection; a second shutdown is harmless")
    func shutdown() throws {
        let (server, _) = try Self.makeServer()
        let port = server.port
        let client = LoopbackHTTPClient(port: port)
        #expect(try client.send(HTTPRequest(method: "GET", target: "/")).status == 200)
        #expect(server.openConnectionCount == 1)
        server.shutdown()
        #expect(server.openConnectionCount == 0)
        #expect(client.waitForServerClose(seconds: 10))
        server.shutdown()
        // Nothing listens any more.
        let late = LoopbackHTTPClient(port: port)
        #expect(throws: LoopbackHTTPClientError.self) { try late.send(HTTPRequest(method: "GET", target: "/")) }
        #expect(throws: HTTPServerError.alreadyShutDown(host: "127.0.0.1", port: port)) { try server.start() }
    }

    @Test("shutdown waits for a handler call in progress")
    func shutdownWaitsForHandler() throws {
        let (server, handler) = try Self.makeServer()
        let port = server.port
        let requester = Thread {
            _ = try? LoopbackHTTPClient(port: port).send(HTTPRequest(method: "GET", target: "/slow"))
        }
        requester.start()
        #expect(Self.eventually { handler.slowStarted })
        server.shutdown()
        #expect(handler.slowFinished)
    }

    @Test("freeing a server shuts it down and frees its port")
    func deinitShutsDown() throws {
        var server: HTTPServer? = try Self.makeServer().0
        let port = try #require(server?.port)
        let client = LoopbackHTTPClient(port: port)
        #expect(try client.send(HTTPRequest(method: "GET", target: "/")).status == 200)
        server = nil
        #expect(client.waitForServerClose(seconds: 10))
        let again = try HTTPServer(port: port, handler: TestHandler())
        again.shutdown()
    }

    @Test("an idle connection is closed after the idle timeout")
    func idleTimeout() throws {
        let (server, _) = try Self.makeServer(.init(idleTimeout: 0.3))
        defer { server.shutdown() }
        let client = LoopbackHTTPClient(port: server.port)
        #expect(try client.send(HTTPRequest(method: "GET", target: "/")).status == 200)
        #expect(client.waitForServerClose(seconds: 10))
        #expect(Self.eventually { server.openConnectionCount == 0 })
        // The next request simply opens a new connection.
        #expect(try client.send(HTTPRequest(method: "GET", target: "/")).status == 200)
        #expect(client.connectionsOpened == 2)
    }

    @Test("a port in use is reported with a way out")
    func portInUse() throws {
        let (server, _) = try Self.makeServer()
        defer { server.shutdown() }
        let error = #expect(throws: HTTPServerError.self) {
            _ = try HTTPServer(port: server.port, handler: TestHandler())
        }
        #expect(error == .cannotBind(host: "127.0.0.1", port: server.port, errno: EADDRINUSE))
        #expect(error?.description == "port \(server.port) on 127.0.0.1 is in use; choose another with --port or use --port 0")
    }
}
