/// How many requests an org saw, for `/emulator/summary`.
struct RequestCounts: Sendable {
    var total = 0
    var byRoute: [String: Int] = [:]
    var rejected429 = 0
    var rejected401 = 0
    var injected503 = 0
    var droppedConnections = 0
    /// Requests that arrived while a `Retry-After` the org had sent was still running.
    var retryAfterViolations = 0
}
