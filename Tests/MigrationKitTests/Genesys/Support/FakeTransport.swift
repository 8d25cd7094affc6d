import Essentials
import MigrationKit
import Synchronization

/// An in-memory ``HTTPTransport``: answers with a handler and records every request, with the
/// time it was sent on the test's clock.
final class FakeTransport: HTTPTransport {
    typealias Handler = @Sendable (TransportRequest) async throws -> TransportResponse

    struct Sent: Sendable {
        var request: TransportRequest
        var time: Double
    }

    private let handler: Handler
    private let clock: (any ClientClock)?
    private let log = Mutex<[Sent]>([])

    init(clock: (any ClientClock)? = nil, handler: @escaping Handler) {
        self.clock = clock
        self.handler = handler
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let time = clock?.now() ?? 0
        log.withLock { $0.append(Sent(request: request, time: time)) }
        return try await handler(request)
    }

    /// Every request so far, in order.
    var sent: [Sent] { log.withLock { $0 } }

    /// Requests to the token endpoint.
    var tokenRequests: [Sent] { sent.filter { $0.request.url.hasSuffix("/oauth/token") } }

    /// Requests to anything but the token endpoint.
    var apiRequests: [Sent] { sent.filter { !$0.request.url.hasSuffix("/oauth/token") } }
}

/// Canned answers.
enum Canned {
    static let correlationId = "5f0c1c8e-9d54-4a43-8f7b-2f4f3e0b9a11"

    static func json(_ status: Int, _ value: JSONValue, headers: [(name: String, value: String)] = []) -> TransportResponse {
        let body = (try? JSONWriter.compact(value)) ?? []
        return TransportResponse(status: status,
                                 headers: [("Content-Type", "application/json; charset=utf-8"),
                                           ("ININ-Correlation-Id", correlationId)] + headers,
                                 body: body)
    }

    static func token(_ value: String, expiresIn: Int = 86_399) -> TransportResponse {
        json(200, ["access_token": .string(value), "token_type": "bearer", "expires_in": .int(Int64(expiresIn))])
    }

    static func platformError(_ status: Int, code: String, message: String, headers: [(name: String, value: String)] = []) -> TransportResponse {
        json(status, ["message": .string(message), "code": .string(code), "status": .int(Int64(status))], headers: headers)
    }

    static let invalidClient = json(400, ["error": "invalid_client", "description": "client not found",
                                          "error_description": "client not found"])

    static let ok = json(200, ["ok": true])
}

/// A counter tests share with their handlers.
final class Counter: Sendable {
    private let value = Mutex(0)

    /// Adds one and returns the new value.
    func next() -> Int { value.withLock { $0 += 1; return $0 } }

    var current: Int { value.withLock { $0 } }
}
