import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Waits for SIGINT or SIGTERM, so a long-running command can shut down cleanly instead of dying.
enum SignalWaiter {
    /// Returns the signal number once SIGINT or SIGTERM arrives.
    static func waitForTermination() async -> Int32 {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "interaction-migrate.signals")
        let waiter = Waiter()
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { waiter.deliver(number) }
            source.resume()
            return source
        }
        let received = await withCheckedContinuation { waiter.install($0) }
        for source in sources { source.cancel() }
        return received
    }

    /// Hands the first signal to the waiting task, whichever comes first: the signal or the wait.
    private final class Waiter: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<Int32, Never>?, pending: Int32?)>((nil, nil))

        func install(_ continuation: CheckedContinuation<Int32, Never>) {
            let pending = state.withLock { state -> Int32? in
                if let signal = state.pending { return signal }
                state.continuation = continuation
                return nil
            }
            if let pending { continuation.resume(returning: pending) }
        }

        func deliver(_ signal: Int32) {
            let continuation = state.withLock { state -> CheckedContinuation<Int32, Never>? in
                guard state.pending == nil else { return nil }
                state.pending = signal
                defer { state.continuation = nil }
                return state.continuation
            }
            continuation?.resume(returning: signal)
        }
    }
}
