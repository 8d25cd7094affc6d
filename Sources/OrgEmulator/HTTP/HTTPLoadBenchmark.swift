import Essentials
import Synchronization

/// Measures how many small GETs a server answers per second over keep-alive loopback connections.
public enum HTTPLoadBenchmark {
    /// Sends `requests` GETs of `path` in all, spread evenly over `connections` keep-alive
    /// connections each driven by its own thread, and returns the count, the wall-clock seconds and
    /// their ratio.
    ///
    /// Every response must be 2xx. The first error of any connection (an `HTTPLoadBenchmarkError` or a
    /// `LoopbackHTTPClientError`) is thrown once every thread has stopped.
    public static func run(
        port: UInt16,
        path: String,
        headers: HTTPHeaders = HTTPHeaders(),
        connections: Int,
        requests: Int
    ) throws -> (requests: Int, seconds: Double, requestsPerSecond: Double) {
        guard connections >= 1, requests >= 1 else { throw HTTPLoadBenchmarkError.invalidCount(connections: connections, requests: requests) }
        let request = HTTPRequest(method: "GET", target: path, headers: headers)
        let firstError = Mutex<(any Error)?>(nil)
        let completed = Atomic<Int>(0)
        var threads: [JoinableThread] = []
        let stopwatch = Stopwatch()
        for index in 0..<connections {
            let share = requests / connections + (index < requests % connections ? 1 : 0)
            guard share > 0 else { continue }
            do {
                threads.append(try JoinableThread.spawn {
                    let client = LoopbackHTTPClient(port: port)
                    do {
                        for _ in 0..<share {
                            // Another connection failed: stop early.
                            if firstError.withLock({ $0 != nil }) { return }
                            let status = try client.send(request).status
                            guard (200..<300).contains(status) else { throw HTTPLoadBenchmarkError.unexpectedStatus(status: status, path: path) }
                            completed.add(1, ordering: .relaxed)
                        }
                    } catch {
                        firstError.withLock { if $0 == nil { $0 = error } }
                    }
                })
            } catch {
                firstError.withLock { if $0 == nil { $0 = HTTPLoadBenchmarkError.cannotStartThread(errno: error.code) } }
                break
            }
        }
        for thread in threads { thread.join() }
        let seconds = stopwatch.elapsed
        if let error = firstError.withLock({ $0 }) { throw error }
        let count = completed.load(ordering: .relaxed)
        return (count, seconds, Double(count) / max(seconds, 1e-9))
    }
}
