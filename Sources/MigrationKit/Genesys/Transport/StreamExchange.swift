import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// One streamed exchange of ``URLSessionTransport/stream(_:body:)``: the delegate of a session of
/// its own, which hands a 2xx body to the consumer chunk by chunk, keeps a non-2xx body for the
/// error, refuses redirects, and ends the transfer when the consumer throws, the calling task is
/// cancelled, or fewer than ``minimumBytesPerSecond`` × `idleTimeout` bytes arrive in
/// `idleTimeout` seconds: silence, or a drip too slow to ever finish a download.
///
/// The delegate callbacks come one at a time, in order (on Linux inline on the session's work
/// queue, see ``InlineOperationQueue``); the watchdog and the cancellation handler come from other
/// threads, so all state is behind one lock, which is never held while the consumer runs.
final class StreamExchange: NSObject, URLSessionDataDelegate, Sendable {
    /// Why the exchange was ended on our side.
    private enum Ending: Sendable {
        case consumerFailed(any Error)
        case idle
        case tooSlow
        case cancelled
    }

    private struct State: Sendable {
        var continuation: CheckedContinuation<TransportResponse, any Error>?
        var task: URLSessionDataTask?
        var status: Int?
        var headers: [(name: String, value: String)] = []
        /// The announced `Content-Length` of an unencoded body, when there was one.
        var expectedBytes: Int?
        var deliveredBytes = 0
        var errorBody: [UInt8] = []
        var ending: Ending?
        var finished = false
        /// Whether the consumer is running now: its time is not the network's idleness.
        var consuming = false
        /// When the consumer started, while it runs.
        var consumingSince: UInt64 = 0
        /// When the response's head arrived or the body last made progress (``progressBytes``
        /// arrived since the previous mark), moved on by the time spent in the consumer.
        var lastActivity: UInt64
        /// Body bytes arrived since `lastActivity`, fewer than ``progressBytes``.
        var bytesSinceProgress = 0
    }

    /// The largest non-2xx body kept for the error; the rest is dropped. Error bodies are small.
    static let errorBodyLimit = 1 << 20
    /// The slowest body taken as flowing, averaged over the idle timeout: a 100 MB export at this
    /// rate would take 28 hours; under it, the transfer is ended to be tried again.
    static let minimumBytesPerSecond = 1024

    private let shown: String
    private let idleTimeout: Double
    /// The bytes that count as progress: ``minimumBytesPerSecond`` × `idleTimeout`, at least 1.
    private let progressBytes: Int
    private let consumer: @Sendable (UnsafeRawBufferPointer) throws -> Void
    private let state: Mutex<State>

    /// An exchange that names `shown` in errors.
    init(shown: String, idleTimeout: Double, consumer: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) {
        self.shown = shown
        self.idleTimeout = idleTimeout
        progressBytes = max(1, Int(Double(Self.minimumBytesPerSecond) * idleTimeout))
        self.consumer = consumer
        state = Mutex(State(lastActivity: DispatchTime.now().uptimeNanoseconds))
    }

    // MARK: - Running

    /// Runs `task` (of a session whose delegate is `self`) to its end; cancelling the calling
    /// task cancels it. Returns once the session has made its last callback for the task.
    func run(_ task: URLSessionDataTask) async throws -> TransportResponse {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<TransportResponse, any Error>) in
                let endedEarly = state.withLock { state -> Bool in
                    state.continuation = continuation
                    state.task = task
                    state.lastActivity = DispatchTime.now().uptimeNanoseconds
                    return state.ending != nil
                }
                task.resume()
                // Cancelled before the task existed: the session still reports its end.
                if endedEarly { Self.cancelLater(task) }
            }
        } onCancel: {
            end(.cancelled)
        }
    }

    /// Sleeps until the exchange has been idle for `idleTimeout` seconds, then ends it, or
    /// returns when the calling task is cancelled (the exchange finished).
    func watch() async {
        while !Task.isCancelled {
            let wait = state.withLock { state -> Double? in
                if state.finished || state.ending != nil { return nil }
                if state.consuming { return idleTimeout }
                let idle = Double(DispatchTime.now().uptimeNanoseconds &- state.lastActivity) / 1e9
                return idleTimeout - idle
            }
            guard let wait else { return }
            if wait <= 0 {
                end(state.withLock { $0.bytesSinceProgress > 0 } ? .tooSlow : .idle)
                return
            }
            do {
                try await Task.sleep(nanoseconds: UInt64(min(wait, 86_400) * 1e9) + 1_000_000)
            } catch {
                return
            }
        }
    }

    /// Ends the transfer for `reason`, unless it has already ended.
    private func end(_ reason: Ending) {
        let task = state.withLock { state -> URLSessionDataTask? in
            guard !state.finished, state.ending == nil else { return nil }
            state.ending = reason
            return state.task
        }
        if let task { Self.cancelLater(task) }
    }

    /// Cancels `task` from another queue: `cancel()` waits for the session's work queue, which an
    /// inline delegate callback (the consumer) may be holding at this very moment.
    private static func cancelLater(_ task: URLSessionDataTask) {
        DispatchQueue.global().async { task.cancel() }
    }

    // MARK: - Delegate callbacks

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        // Never followed: the 3xx answer itself is returned, as `send` does.
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse { note(http) }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let known = state.withLock { $0.status != nil }
        // A 3xx whose redirect was refused is reported late, with its body; read it off the task.
        if !known, let http = dataTask.response as? HTTPURLResponse { note(http) }
        let deliver = state.withLock { state -> Bool in
            state.bytesSinceProgress += data.count
            if state.bytesSinceProgress >= progressBytes {
                state.lastActivity = DispatchTime.now().uptimeNanoseconds
                state.bytesSinceProgress = 0
            }
            guard !state.finished, state.ending == nil, let status = state.status else { return false }
            guard (200..<300).contains(status) else {
                let room = Self.errorBodyLimit - state.errorBody.count
                if room > 0 { state.errorBody.append(contentsOf: data.prefix(room)) }
                return false
            }
            state.consuming = true
            state.consumingSince = DispatchTime.now().uptimeNanoseconds
            return true
        }
        guard deliver else { return }
        var failure: (any Error)?
        do {
            try data.withUnsafeBytes { try consumer($0) }
        } catch {
            failure = error
        }
        state.withLock { state in
            state.consuming = false
            // The consumer's time is not the network's: the mark moves on by it.
            state.lastActivity &+= DispatchTime.now().uptimeNanoseconds &- state.consumingSince
            if failure == nil { state.deliveredBytes += data.count }
        }
        if let failure { end(.consumerFailed(failure)) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if error == nil, state.withLock({ $0.status == nil }), let http = task.response as? HTTPURLResponse { note(http) }
        let (continuation, result) = state.withLock { state -> (CheckedContinuation<TransportResponse, any Error>?, Result<TransportResponse, any Error>) in
            state.finished = true
            let continuation = state.continuation
            state.continuation = nil
            return (continuation, outcome(state, error: error))
        }
        continuation?.resume(with: result)
    }

    // MARK: - The outcome

    /// Records the status and the headers the client reads.
    private func note(_ response: HTTPURLResponse) {
        let headers = URLSessionTransport.headers(of: response)
        // With a `Content-Encoding`, libcurl hands over decoded bytes, which the length does not count.
        let encoding = response.value(forHTTPHeaderField: "Content-Encoding")?.lowercased()
        let unencoded = encoding == nil || encoding == "identity"
        let length = response.value(forHTTPHeaderField: "Content-Length")
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        state.withLock { state in
            guard state.status == nil else { return }
            state.status = response.statusCode
            state.headers = headers
            state.expectedBytes = unencoded ? length : nil
            state.lastActivity = DispatchTime.now().uptimeNanoseconds
        }
    }

    private func outcome(_ state: State, error: (any Error)?) -> Result<TransportResponse, any Error> {
        switch state.ending {
        case .consumerFailed(let failure): return .failure(failure)
        case .cancelled: return .failure(CancellationError())
        case .idle: return .failure(TransportError.timedOut(url: shown, seconds: idleTimeout))
        case .tooSlow:
            return .failure(TransportError.tooSlow(url: shown, bytesPerSecond: Self.minimumBytesPerSecond, seconds: idleTimeout))
        case nil: break
        }
        if let error {
            let mapped = URLSessionTransport.map(error, shown: shown, timeout: idleTimeout)
            // libcurl's "transfer closed with n bytes remaining" (and other mid-body breaks) reach
            // us as URLError -1: once the head has arrived, that is a body cut short.
            if state.status != nil, case .failed(_, let reason) = mapped {
                let announced = state.expectedBytes.map { " of the \($0) its Content-Length announced" } ?? ""
                return .failure(TransportError.connectionLost(
                    url: shown, reason: "the body broke off after \(state.deliveredBytes) bytes\(announced), \(reason)"))
            }
            return .failure(mapped)
        }
        guard let status = state.status else {
            return .failure(TransportError.failed(url: shown, reason: "the answer was not HTTP"))
        }
        guard (200..<300).contains(status) else {
            return .success(TransportResponse(status: status, headers: state.headers, body: state.errorBody))
        }
        if let expected = state.expectedBytes, expected != state.deliveredBytes {
            return .failure(TransportError.connectionLost(
                url: shown, reason: "the body ended after \(state.deliveredBytes) of the \(expected) bytes its Content-Length announced"))
        }
        return .success(TransportResponse(status: status, headers: state.headers))
    }
}
