import Essentials
import Synchronization

/// The "object storage" origin that serves export downloads by pre-signed URL (§7.2): no bearer
/// token needed, answers 403 after the URL's expiry. It notes every request that carried an
/// `Authorization` header, so tests can prove that tokens never leave their org.
public final class ObjectStorage: HTTPHandler {
    struct Blob: Sendable {
        var body: [UInt8]
        var contentType: String
        var expiresAt: Double
        var truncate: Bool
    }

    struct State: Sendable {
        var blobs: [String: Blob] = [:]
        var requests = 0
        var requestsWithAuthorization = 0
        var truncatedDownloads = 0
        var nextToken: SeededGenerator

        /// An unguessable-looking URL token (two UUIDs' worth of hex).
        mutating func newToken() -> String {
            nextToken.uuidString() + String(nextToken.uuidString().filter { $0 != "-" })
        }
    }

    private let state: Mutex<State>
    private let clock: @Sendable () -> Double

    init(seed: UInt64, clock: @escaping @Sendable () -> Double) {
        state = Mutex(State(nextToken: SeededGenerator(seed: seed ^ 0x0B1E_C7)))
        self.clock = clock
    }

    /// Stores `body` and returns the token of its URL path (`/exports/<token>`).
    func put(_ body: [UInt8], contentType: String, expiresAt: Double, truncate: Bool) -> String {
        state.withLock { state in
            let token = state.newToken()
            state.blobs[token] = Blob(body: body, contentType: contentType, expiresAt: expiresAt, truncate: truncate)
            return token
        }
    }

    /// Gives an existing blob a new token (a fresh URL) and expiry; the old URL stops working.
    func renew(_ token: String, expiresAt: Double, truncate: Bool) -> String? {
        state.withLock { state in
            guard var blob = state.blobs.removeValue(forKey: token) else { return nil }
            blob.expiresAt = expiresAt
            blob.truncate = truncate
            let fresh = state.newToken()
            state.blobs[fresh] = blob
            return fresh
        }
    }

    /// Requests seen, and how many of them carried an `Authorization` header.
    var counts: (requests: Int, withAuthorization: Int, truncated: Int) {
        state.withLock { ($0.requests, $0.requestsWithAuthorization, $0.truncatedDownloads) }
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let now = clock()
        return state.withLock { state -> HTTPResponse in
            state.requests += 1
            if request.headers["Authorization"] != nil { state.requestsWithAuthorization += 1 }
            var headers = HTTPHeaders()
            headers.set("ININ-Correlation-Id", state.nextToken.uuidString())
            let prefix = "/exports/"
            guard request.method == "GET", request.path.hasPrefix(prefix) else {
                return Self.xmlError(404, "NoSuchKey", headers)
            }
            let token = String(request.path.dropFirst(prefix.count))
            guard var blob = state.blobs[token] else { return Self.xmlError(404, "NoSuchKey", headers) }
            guard now < blob.expiresAt else { return Self.xmlError(403, "AccessDenied: Request has expired", headers) }
            headers.set("Content-Type", blob.contentType)
            var response = HTTPResponse(status: 200, headers: headers, body: blob.body)
            if blob.truncate {
                // A cut-short transfer happens once per URL; the fault is in the network, not the file.
                blob.truncate = false
                state.blobs[token] = blob
                state.truncatedDownloads += 1
                response.disposition = .truncate(afterBodyBytes: blob.body.count / 2)
            }
            return response
        }
    }

    private static func xmlError(_ status: Int, _ code: String, _ headers: HTTPHeaders) -> HTTPResponse {
        var headers = headers
        headers.set("Content-Type", "application/xml")
        return HTTPResponse(status: status, headers: headers, body: Array("<Error><Code>\(code)</Code></Error>".utf8))
    }
}
