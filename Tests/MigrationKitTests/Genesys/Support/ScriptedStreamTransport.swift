import MigrationKit
import Synchronization

/// An in-memory ``HTTPTransport`` whose `stream` follows a script, one step per request: hand
/// over some bytes and then fail, or answer. Token requests are answered apart and not scripted.
final class ScriptedStreamTransport: HTTPTransport {
    enum Step: Sendable {
        /// Hand `bytes` to the consumer (in one chunk, if any), then throw `error`.
        case fail(bytes: [UInt8], TransportError)
        /// Hand a 2xx body over in one chunk, or return a non-2xx answer.
        case answer(TransportResponse)
    }

    private let steps: Mutex<[Step]>
    private let log = Mutex<[TransportRequest]>([])

    init(_ steps: [Step]) {
        self.steps = Mutex(steps)
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        if request.url == FakeOrg.tokenURL { return Canned.token("tok1") }
        throw TransportError.failed(url: request.url, reason: "the script only streams")
    }

    func stream(_ request: TransportRequest, body: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) async throws
        -> TransportResponse {
        log.withLock { $0.append(request) }
        let step = steps.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        switch step {
        case .fail(let bytes, let error)?:
            if !bytes.isEmpty { try bytes.withUnsafeBytes { try body($0) } }
            throw error
        case .answer(var response)?:
            guard (200..<300).contains(response.status) else { return response }
            if !response.body.isEmpty { try response.body.withUnsafeBytes { try body($0) } }
            response.body = []
            return response
        case nil:
            throw TransportError.failed(url: request.url, reason: "the script has no more steps")
        }
    }

    /// The streamed requests, in order.
    var streamed: [TransportRequest] { log.withLock { $0 } }
}
