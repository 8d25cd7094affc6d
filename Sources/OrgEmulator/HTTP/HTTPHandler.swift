/// Answers requests. Called on the server's connection threads, possibly many at once.
public protocol HTTPHandler: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
}
