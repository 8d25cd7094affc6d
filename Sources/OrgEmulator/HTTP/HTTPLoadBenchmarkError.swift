/// Why an `HTTPLoadBenchmark` run stopped.
public enum HTTPLoadBenchmarkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `connections` or `requests` was below 1.
    case invalidCount(connections: Int, requests: Int)
    /// A client thread could not be started.
    case cannotStartThread(errno: Int32)
    /// The server answered `status` to `path`, where a 2xx was expected.
    case unexpectedStatus(status: Int, path: String)

    /// One lower-case sentence saying what failed, with no trailing period.
    public var description: String {
        switch self {
        case let .invalidCount(connections, requests):
            return "cannot run \(requests) requests over \(connections) connections; give at least one of each"
        case let .cannotStartThread(code):
            return "cannot start a benchmark client thread: \(Socket.reason(code)); use fewer connections"
        case let .unexpectedStatus(status, path):
            return "the server answered \(status) to GET \(path); benchmark a path that answers 2xx"
        }
    }
}
