import Essentials
import Foundation
import OrgEmulator
import Synchronization

/// A misbehaving "org" over loopback HTTP for the hostile-answer tests (issue 13): it issues
/// tokens and answers the identity and list endpoints like a small, empty org, except on one
/// path, where it answers with ``Behaviour``. Each request's path is recorded.
final class HostileOrg: HTTPHandler, @unchecked Sendable {
    /// What the hostile path answers.
    enum Behaviour: Sendable {
        /// 200 with a gateway's HTML page.
        case html200
        /// 200 with no body at all.
        case empty200
        /// 200 with the proper JSON, labelled `text/plain`.
        case jsonAsPlainText
        /// 200 with the proper JSON and one header of about 1 MB.
        case hugeHeaders
        /// 502 with an HTML page, every time (with `Retry-After: 0`, so the retries are quick).
        case html502
        /// No answer at all until the test releases the server (headers never start).
        case silence
    }

    static let orgId = "0dd5a7c3-hostile-org"
    static let token = "hostile-token-5f0e1d2c"
    static let clientId = "hostile-client"
    static let clientSecret = "hostile-secret-9a8b7c"

    let behaviour: Behaviour
    let hostilePath: String
    private let recorded = Mutex<[String]>([])
    private let released = Atomic<Bool>(false)
    private var server: HTTPServer!

    /// The API base, `http://127.0.0.1:PORT`; the login base is the same.
    var apiBase: String { "http://127.0.0.1:\(server.port)" }

    /// Starts a server that answers `behaviour` on `path` (an API path without query).
    init(_ behaviour: Behaviour, on path: String) throws {
        self.behaviour = behaviour
        hostilePath = path
        server = try HTTPServer(port: 0, configuration: .init(readTimeout: 5, writeTimeout: 10), handler: self)
        try server.start()
    }

    /// Ends a ``Behaviour/silence`` and stops the server.
    func shutdown() {
        released.store(true, ordering: .sequentiallyConsistent)
        server.shutdown()
    }

    /// The paths asked for so far, in order.
    var requests: [String] { recorded.withLock { $0 } }

    /// The hostile path's requests so far.
    var hostileRequests: Int { requests.filter { $0 == hostilePath }.count }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        recorded.withLock { $0.append(request.path) }
        if request.path == "/oauth/token" {
            return .json(200, ["access_token": .string(Self.token), "token_type": "bearer", "expires_in": 86_400])
        }
        let proper = Self.properAnswer(request.path)
        guard request.path == hostilePath else { return proper }
        let page = Array("<html><head><title>Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>".utf8)
        var html = HTTPHeaders()
        html.set("Content-Type", "text/html; charset=utf-8")
        switch behaviour {
        case .html200:
            return HTTPResponse(status: 200, headers: html, body: Array("<!DOCTYPE html><html><body>Please sign in</body></html>".utf8))
        case .empty200:
            return HTTPResponse(status: 200)
        case .jsonAsPlainText:
            var response = proper
            response.headers.set("Content-Type", "text/plain")
            return response
        case .hugeHeaders:
            var response = proper
            response.headers.set("X-Padding", String(repeating: "a", count: 1 << 20))
            return response
        case .html502:
            html.set("Retry-After", "0")
            return HTTPResponse(status: 502, headers: html, body: page)
        case .silence:
            // Held until the test is done (at most 30 s), so the client's timeout is what ends it.
            let deadline = Date().addingTimeInterval(30)
            while !released.load(ordering: .sequentiallyConsistent) && Date() < deadline { usleep(20_000) }
            return HTTPResponse(status: 503, disposition: .drop)
        }
    }

    /// What a small org with no queues, flows or wrap-up codes answers on `path`.
    static func properAnswer(_ path: String) -> HTTPResponse {
        if path == "/api/v2/organizations/me" {
            return .json(200, ["id": .string(orgId), "name": "Hostile Org"])
        }
        if path.hasPrefix("/api/v2/") {
            return .json(200, ["entities": [], "pageSize": 100, "pageNumber": 1, "total": 0, "pageCount": 1])
        }
        return .json(404, ["code": "not.found", "message": "no such path", "status": 404])
    }
}
