import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// ``HTTPTransport`` over Foundation's `URLSession` (libcurl on Linux).
///
/// - Redirects are never followed: the 3xx answer itself is returned, so no header (above all the
///   bearer token) is ever carried to another origin behind the client's back.
/// - No cookies, no cache.
/// - Response headers are read only with `value(forHTTPHeaderField:)`, for the names in
///   ``TransportResponse/readHeaderNames``: Linux re-capitalises the keys of `allHeaderFields`.
/// - For ``send(_:)``, the request's `timeout` is an overall deadline, raced with `Task.sleep`
///   (Foundation's own timeout does not work below one second on Linux).
/// - For ``stream(_:body:)``, it is an idle timeout: the time allowed without progress (any byte,
///   or at a drip 1 KiB a second), watched by a watchdog, so that a 250 MB body is not cut off by a deadline meant for an API
///   call (see `URLSessionTransport+Stream.swift`).
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // `URLSession` is thread-safe; it is only not marked `Sendable` on Linux.
    private let session: URLSession
    /// The settings of every session: ``stream(_:body:)`` makes one session per stream from it.
    /// Never mutated after `init`.
    let configuration: URLSessionConfiguration

    /// A transport with its own session, at most `maximumConnectionsPerHost` connections per host.
    public init(maximumConnectionsPerHost: Int = 8) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        self.configuration = configuration
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        // A backstop only: the race below is the deadline.
        let (prepared, shown) = try Self.prepare(request, backstop: max(1, request.timeout) + 5)
        let timeout = request.timeout
        return try await withThrowingTaskGroup(of: TransportResponse.self) { group in
            group.addTask { try await self.exchange(prepared, shown: shown, timeout: timeout) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(0, timeout) * 1e9))
                throw TransportError.timedOut(url: shown, seconds: timeout)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    /// `request` as Foundation's request, with Foundation's own timeout set to `backstop`, and
    /// the URL as errors show it (without its query).
    static func prepare(_ request: TransportRequest, backstop: Double) throws -> (URLRequest, shown: String) {
        let shown: String
        switch HTTPURL.parse(request.url) {
        case .success(let parsed): shown = parsed.redacted
        case .failure: throw TransportError.invalidURL(Self.withoutQuery(request.url))
        }
        guard let url = URL(string: request.url) else { throw TransportError.invalidURL(shown) }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = backstop
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        if let body = request.body { urlRequest.httpBody = Data(body) }
        return (urlRequest, shown)
    }

    /// The headers of ``TransportResponse/readHeaderNames`` that `response` has, each read with
    /// `value(forHTTPHeaderField:)`.
    static func headers(of response: HTTPURLResponse) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for name in TransportResponse.readHeaderNames {
            if let value = response.value(forHTTPHeaderField: name) { headers.append((name, value)) }
        }
        return headers
    }

    // MARK: - One exchange

    /// Runs one data task; cancelling the calling task cancels it.
    private func exchange(_ request: URLRequest, shown: String, timeout: Double) async throws -> TransportResponse {
        let handle = TaskHandle()
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<TransportResponse, any Error>) in
                    let task = session.dataTask(with: request) { data, response, error in
                        if let error {
                            continuation.resume(throwing: Self.map(error, shown: shown, timeout: timeout))
                            return
                        }
                        guard let http = response as? HTTPURLResponse else {
                            continuation.resume(throwing: TransportError.failed(url: shown, reason: "the answer was not HTTP"))
                            return
                        }
                        continuation.resume(returning: TransportResponse(status: http.statusCode, headers: Self.headers(of: http),
                                                                         body: data.map { Array($0) } ?? []))
                    }
                    handle.start(task)
                }
            } onCancel: {
                handle.cancel()
            }
        } catch let error as TransportError {
            // A task cancelled on our side reports a lost connection; say what really happened.
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    /// Maps Foundation's errors onto ``TransportError``.
    static func map(_ error: any Error, shown: String, timeout: Double) -> TransportError {
        guard let urlError = error as? URLError else {
            return .failed(url: shown, reason: "\(type(of: error))")
        }
        let code = "URLError \(urlError.code.rawValue)"
        switch urlError.code {
        case .timedOut:
            return .timedOut(url: shown, seconds: timeout)
        case .cannotConnectToHost:
            return .cannotConnect(url: shown, reason: "connection refused, \(code)")
        case .cannotFindHost, .dnsLookupFailed:
            return .cannotConnect(url: shown, reason: "host name not found, \(code)")
        case .notConnectedToInternet, .internationalRoamingOff, .callIsActive, .dataNotAllowed:
            return .cannotConnect(url: shown, reason: "no network, \(code)")
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse, .zeroByteResource, .cancelled:
            return .connectionLost(url: shown, reason: "connection closed early, \(code)")
        case .secureConnectionFailed, .serverCertificateHasBadDate, .serverCertificateUntrusted,
             .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
             .clientCertificateRequired:
            return .tlsFailed(url: shown, reason: code)
        case .unknown where isOversizedHead(urlError):
            return .unreadableHead(url: shown, reason: "its headers are over the HTTP stack's limit of 100 KB a header line; libcurl: \(urlError.localizedDescription), \(code)")
        default:
            return .failed(url: shown, reason: code)
        }
    }

    /// Whether libcurl gave up on the answer's headers: a header line over its 100 KB limit
    /// reaches Foundation as URLError -1 with libcurl's "Out of memory" (CURLE_OUT_OF_MEMORY) up to
    /// curl 8.5, and "A value or data field grew larger than allowed" (CURLE_TOO_LARGE) after.
    static func isOversizedHead(_ error: URLError) -> Bool {
        let text = error.localizedDescription
        return text == "Out of memory" || text.contains("grew larger than allowed")
    }

    /// `url` up to its `?`, for messages about URLs that could not even be parsed.
    static func withoutQuery(_ url: String) -> String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }
}

/// The data task of one exchange, so the cancellation handler can reach it whichever runs first.
private final class TaskHandle: Sendable {
    private struct State {
        var task: URLSessionDataTask?
        var cancelled = false
    }

    private let state = Mutex(State())

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() }
        task.resume()
    }

    func cancel() {
        let task = state.withLock { state -> URLSessionDataTask? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}

/// Answers every redirect with "don't follow", so the 3xx response itself is returned.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
