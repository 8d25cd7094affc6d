import Foundation

/// Answers requests. Called on the server's connection threads, possibly many at once.
public protocol HTTPHandler: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
    /// Called once `response` (the answer to `request`) has been written to the connection,
    /// with the time (seconds since the epoch) the write ended: from then on the client can
    /// have read it. Nothing by default.
    func didSend(_ response: HTTPResponse, to request: HTTPRequest, at time: Double)
}

extension HTTPHandler {
    public func didSend(_ response: HTTPResponse, to request: HTTPRequest, at time: Double) {}
}
