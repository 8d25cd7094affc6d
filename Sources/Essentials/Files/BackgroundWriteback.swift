#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// Starts writing a file's dirty pages to disk while the file is still being written, so that
/// the `fsync` of a commit finds little left to do.
///
/// `request()` runs an `fdatasync` of the descriptor on a background queue unless one is
/// already running; requests made meanwhile are dropped, not queued. A failure is kept and
/// reported by `finish()`: Linux reports a writeback error to one sync call only, so it must not
/// be lost between the background sync and the final one.
final class BackgroundWriteback: Sendable {
    private struct State {
        var running = false
        var failure: Int32?
    }

    private let descriptor: Int32
    private let queue = DispatchQueue(label: "interaction-migrate.writeback", qos: .utility)
    private let state = Mutex(State())

    /// - Parameter descriptor: an open descriptor, which must stay open until `finish()` returns.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Starts a background `fdatasync` unless one is running; returns whether it started one.
    @discardableResult
    func request() -> Bool {
        let start = state.withLock { state in
            if state.running { return false }
            state.running = true
            return true
        }
        guard start else { return false }
        queue.async { [self] in
            var result: Int32
            repeat {
                result = fdatasync(self.descriptor)
            } while result != 0 && errno == EINTR
            let failure = result == 0 ? nil : errno
            self.state.withLock { state in
                state.running = false
                if state.failure == nil, let failure, failure != EINVAL { state.failure = failure }
            }
        }
        return true
    }

    /// Waits for a running sync and returns the `errno` of the first one that failed, if any.
    func finish() -> Int32? {
        queue.sync {}
        return state.withLock { $0.failure }
    }
}
