#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The server's open connections and their threads, so shutdown can close and join every one.
///
/// Only the registry shuts down a connection's socket from another thread, and it does so under its
/// lock while the socket is registered; a connection thread unregisters under the same lock before it
/// closes its socket. So a shutdown can never hit a descriptor number the system has since reused.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var fd: Int32
        var thread: JoinableThread
    }

    private struct State {
        var isClosed = false
        var nextID = 0
        var open: [Int: Entry] = [:]
        /// Threads that have unregistered and are ending, not yet joined.
        var finished: [JoinableThread] = []
    }

    private let state = Mutex(State())

    /// The number of connections being served.
    var openCount: Int { state.withLock { $0.open.count } }

    /// Registers `fd` and runs `serve` for it on a new thread, which then unregisters and closes `fd`.
    ///
    /// Returns false, leaving `fd` to the caller, once the registry is closed or when no thread can be
    /// started.
    func startConnection(fd: Int32, serve: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard !state.isClosed else { return false }
            let id = state.nextID
            state.nextID += 1
            // The lock is held until the thread is registered, so its own `finish` always finds it.
            guard let thread = try? JoinableThread.spawn({ [self] in
                serve()
                finish(id: id)
            }) else { return false }
            state.open[id] = Entry(fd: fd, thread: thread)
            return true
        }
    }

    /// Called by connection `id`'s own thread as its last act.
    private func finish(id: Int) {
        let fd: Int32? = state.withLock { state in
            guard let entry = state.open.removeValue(forKey: id) else { return nil }
            state.finished.append(entry.thread)
            return entry.fd
        }
        if let fd { _ = Glibc.close(fd) }
    }

    /// Joins the threads of connections that have ended, releasing their stacks.
    ///
    /// Called only from the accept thread while it runs; `closeAll()` joins the rest after it.
    func joinFinished() {
        let threads = state.withLock { state in
            defer { state.finished.removeAll() }
            return state.finished
        }
        for thread in threads { thread.join() }
    }

    /// Refuses new connections, shuts down every open socket (waking its thread from `poll`, `recv` or
    /// `send`), and joins every connection thread.
    func closeAll() {
        let threads = state.withLock { state in
            state.isClosed = true
            for entry in state.open.values { _ = shutdown(entry.fd, Int32(SHUT_RDWR)) }
            defer { state.finished.removeAll() }
            return state.open.values.map(\.thread) + state.finished
        }
        for thread in threads { thread.join() }
        // The threads that were open moved themselves to `finished` on the way out; they are joined.
        state.withLock { $0.finished.removeAll() }
    }
}
