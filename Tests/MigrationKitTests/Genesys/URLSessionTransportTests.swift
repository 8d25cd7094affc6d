import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A loopback server whose handler the test writes, and which notes the Authorization headers
/// it saw.
final class ScriptedServer: HTTPHandler {
    private let respond: @Sendable (HTTPRequest) -> HTTPResponse
    private let seen = Mutex<[String?]>([])

    init(_ respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.respond = respond
    }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        seen.withLock { $0.append(request.headers["Authorization"]) }
        return respond(request)
    }

    var authorizations: [String?] { seen.withLock { $0 } }
}

/// Starts `handler` on a free loopback port; returns the server and its base URL.
func serve(_ handler: ScriptedServer) throws -> (HTTPServer, String) {
    let server = try HTTPServer(host: "127.0.0.1", port: 0, handler: handler)
    try server.start()
    return (server, "http://127.0.0.1:\(server.port)")
}

@Suite("URLSessionTransport over loopback")
struct URLSessionTransportTests {
    @Test("a redirect is returned, not followed, so headers never reach the other origin")
    func redirectNotFollowed() async throws {
        let target = ScriptedServer { _ in HTTPResponse(status: 200, body: Array("followed".utf8)) }
        let (targetServer, targetBase) = try serve(target)
        defer { targetServer.shutdown() }
        let origin = ScriptedServer { _ in
            var headers = HTTPHeaders()
            headers.set("Location", targetBase + "/stolen")
            return HTTPResponse(status: 302, headers: headers)
        }
        let (originServer, originBase) = try serve(origin)
        defer { originServer.shutdown() }

        let response = try await URLSessionTransport().send(TransportRequest(
            method: "GET", url: originBase + "/api/v2/x", headers: [("Authorization", "Bearer secret-token")], timeout: 10))
        #expect(response.status == 302)
        #expect(response.header("location") == targetBase + "/stolen")
        #expect(origin.authorizations == ["Bearer secret-token"])
        #expect(target.authorizations.isEmpty)
    }

    @Test("non-2xx is an answer, and headers are found whatever their case")
    func statusAndHeaders() async throws {
        let handler = ScriptedServer { _ in
            var headers = HTTPHeaders()
            headers.set("ININ-Correlation-Id", "corr-1")
            headers.set("inin-ratelimit-allowed", "300")
            headers.set("Retry-After", "3")
            headers.set("Content-Type", "application/json")
            return HTTPResponse(status: 429, headers: headers, body: Array(#"{"code":"too.many.requests"}"#.utf8))
        }
        let (server, base) = try serve(handler)
        defer { server.shutdown() }
        let response = try await URLSessionTransport().send(TransportRequest(method: "GET", url: base + "/x", timeout: 10))
        #expect(response.status == 429)
        #expect(response.header("inin-correlation-id") == "corr-1")
        #expect(response.header("ININ-RATELIMIT-ALLOWED") == "300")
        #expect(response.header("retry-after") == "3")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"code":"too.many.requests"}"#)
    }

    @Test("a POST body arrives intact")
    func postBody() async throws {
        let handler = ScriptedServer { request in HTTPResponse(status: 202, body: request.body) }
        let (server, base) = try serve(handler)
        defer { server.shutdown() }
        let body = Array(#"{"a":"é"}"#.utf8)
        let response = try await URLSessionTransport().send(TransportRequest(
            method: "POST", url: base + "/x", headers: [("Content-Type", "application/json")], body: body, timeout: 10))
        #expect(response.status == 202)
        #expect(response.body == body)
    }

    @Test("a dropped connection is a transient transport error")
    func dropped() async throws {
        let handler = ScriptedServer { _ in HTTPResponse(status: 0, disposition: .drop) }
        let (server, base) = try serve(handler)
        defer { server.shutdown() }
        do {
            _ = try await URLSessionTransport().send(TransportRequest(method: "GET", url: base + "/x", timeout: 10))
            Issue.record("a dropped connection gave an answer")
        } catch let error as TransportError {
            #expect(error.isTransient, "\(error)")
        }
    }

    /// A loopback port held by a socket that is bound but never listens: connections to it are
    /// refused, and no other test's server can take it meanwhile (as it could a closed port).
    static func refusingPort() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        try #require(bound)
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test("a refused connection is a transient transport error naming the URL")
    func refused() async throws {
        let (descriptor, port) = try Self.refusingPort()
        defer { close(descriptor) }
        let base = "http://127.0.0.1:\(port)"
        do {
            _ = try await URLSessionTransport().send(TransportRequest(method: "GET", url: base + "/x?sig=hidden", timeout: 10))
            Issue.record("a closed port answered")
        } catch let error as TransportError {
            #expect(error.isTransient, "\(error)")
            #expect(error.description.contains(base + "/x"))
            #expect(!error.description.contains("hidden"))
        }
    }

    @Test("the deadline holds even when the server never answers")
    func deadline() async throws {
        let handler = ScriptedServer { _ in
            usleep(1_500_000)
            return HTTPResponse(status: 200)
        }
        let (server, base) = try serve(handler)
        defer { server.shutdown() }
        do {
            _ = try await URLSessionTransport().send(TransportRequest(method: "GET", url: base + "/slow", timeout: 0.3))
            Issue.record("a slow answer beat the deadline")
        } catch let error as TransportError {
            #expect(error == .timedOut(url: base + "/slow", seconds: 0.3))
            #expect(error.isTransient)
        }
    }
}
