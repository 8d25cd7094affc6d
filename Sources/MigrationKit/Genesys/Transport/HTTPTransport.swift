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
}
