import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSessionTransport {
    /// Streams `request`'s answer to `body` chunk by chunk, with backpressure: the next chunk is
    /// not read from the network before `body` has returned (on Linux; see ``InlineOperationQueue``),
    /// so memory stays flat whatever the body's size.
    ///
    /// Each stream runs in a session of its own, with the same settings as ``send(_:)``: no
    /// redirects followed, no cookies, no cache, headers read with `value(forHTTPHeaderField:)`.
    /// A session of its own keeps a slow consumer from holding up other requests, since the
    /// session's work queue waits for the consumer.
    ///
    /// - The request's `timeout` is an **idle** timeout: the exchange fails with
    ///   ``TransportError/timedOut(url:seconds:)`` once no byte has arrived for that long, or with
    ///   ``TransportError/tooSlow(url:bytesPerSecond:seconds:)`` once bytes trickle in at under
    ///   1 KiB a second over that long (time spent in `body` does not count). There is no overall
    ///   deadline, so a 250 MB body on a slow link is not cut off while it keeps flowing.
    /// - A connection that breaks mid-body is a ``TransportError/connectionLost(url:reason:)``, and so
    ///   is a body shorter than its announced `Content-Length`. A body delimited only by the
    ///   connection's close cannot be told from a cut-short one at this level: the caller checks
    ///   it (an export parses fully and counts its records, contract §7.2).
    public func stream(_ request: TransportRequest, body: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) async throws
        -> TransportResponse {
        // Foundation's own timer runs from the start of the transfer, whatever flows: out of the way.
        let (prepared, shown) = try Self.prepare(request, backstop: 7 * 86_400)
        let exchange = StreamExchange(shown: shown, idleTimeout: max(0, request.timeout), consumer: body)
        #if canImport(FoundationNetworking)
        let queue: OperationQueue = InlineOperationQueue()
        #else
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        #endif
        let session = URLSession(configuration: configuration, delegate: exchange, delegateQueue: queue)
        // Releases the session's hold on its delegate once the task has ended.
        defer { session.finishTasksAndInvalidate() }
        let task = session.dataTask(with: prepared)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await exchange.watch() }
            defer { group.cancelAll() }
            return try await exchange.run(task)
        }
    }
}
