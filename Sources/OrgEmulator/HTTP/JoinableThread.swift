#if canImport(Glibc)
import Glibc
#endif

/// A POSIX thread that must be joined: the server's accept loop and connections, the benchmark's
/// clients.
///
/// Foundation's `Thread` cannot be joined; joining is what lets `HTTPServer.shutdown()` promise that
/// no thread runs the handler once it returns.
struct JoinableThread: Sendable {
    /// `pthread_create` failed with `code` (EAGAIN: too many threads or processes).
    struct SpawnError: Error {
        let code: Int32
    }

    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(run: @escaping @Sendable () -> Void) { self.run = run }
    }

    private let handle: pthread_t

    /// Starts `body` on a new thread.
    static func spawn(_ body: @escaping @Sendable () -> Void) throws(SpawnError) -> JoinableThread {
        let context = Unmanaged.passRetained(Body(run: body)).toOpaque()
        var handle = pthread_t()
        let code = pthread_create(&handle, nil, { raw in
            guard let raw else { return nil }
            let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
            body.run()
            return nil
        }, context)
        guard code == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw SpawnError(code: code)
        }
        return JoinableThread(handle: handle)
    }

    /// Waits for the thread to end. Call exactly once per thread, never from the thread itself.
    func join() {
        _ = pthread_join(handle, nil)
    }
}
