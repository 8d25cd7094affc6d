/// Sends one HTTP request and returns the answer, whatever its status.
///
/// The bottom layer of ``OrgClient``: authentication, pacing and retries wrap it, so each can be
/// tested with an in-memory fake as well as over real sockets. An implementation does not retry,
/// does not follow redirects (a redirect could carry the bearer token to another origin) and does
/// not treat a non-2xx status as an error. A failure to get any answer is a ``TransportError``.
public protocol HTTPTransport: Sendable {
    /// Sends `request`; returns the response of any status.
    ///
    /// - Throws: ``TransportError`` when no complete answer arrived, `CancellationError` when the
    ///   calling task was cancelled.
    func send(_ request: TransportRequest) async throws -> TransportResponse

    /// Sends `request` and hands a 2xx body to `body` chunk by chunk, in order, as it arrives, so
    /// that a body of hundreds of MB is never held whole in memory (contract §7.2).
    ///
    /// Returns the status and headers once the body has been delivered in full. For a 2xx answer
    /// the returned ``TransportResponse/body`` is empty; for any other status `body` is never
    /// called and the (small) error body is returned, as ``send(_:)`` returns it. A chunk's bytes
    /// are valid only during the call. When `body` throws, the transfer is cancelled and that
    /// error is rethrown; `body` is never called again once this method has returned or thrown.
    ///
    /// An implementation may read `request.timeout` differently from ``send(_:)``: see
    /// ``URLSessionTransport``, which makes it an idle timeout here.
    ///
    /// - Throws: what `body` threw; ``TransportError`` when no complete answer arrived, including a
    ///   body cut short (never a silent short body when its length was announced);
    ///   `CancellationError` when the calling task was cancelled.
    func stream(_ request: TransportRequest, body: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) async throws
        -> TransportResponse
}

extension HTTPTransport {
    /// Sends `request` with ``send(_:)`` and hands a 2xx body to `body` in one call (none when it
    /// is empty): the whole body is in memory, so this default suits in-memory fakes, not real
    /// transports.
    public func stream(_ request: TransportRequest, body: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) async throws
        -> TransportResponse {
        var response = try await send(request)
        guard (200..<300).contains(response.status) else { return response }
        let bytes = response.body
        response.body = []
        if !bytes.isEmpty { try bytes.withUnsafeBytes { try body($0) } }
        return response
    }
}
