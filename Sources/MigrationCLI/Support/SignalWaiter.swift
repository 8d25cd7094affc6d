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
        let box = SourceBox()
        let received: Int32 = await withCheckedContinuation { continuation in
            let resumed = Mutex(false)
            for number in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler {
                    let first = resumed.withLock { done in
                        defer { done = true }
                        return !done
                    }
                    if first { continuation.resume(returning: number) }
                }
                source.resume()
                box.keep(source)
            }
        }
        box.cancelAll()
        return received
    }

    /// Keeps the signal sources alive while waiting.
    private final class SourceBox: @unchecked Sendable {
        private let sources = Mutex<[any DispatchSourceSignal]>([])
        func keep(_ source: any DispatchSourceSignal) { sources.withLock { $0.append(source) } }
        func cancelAll() { sources.withLock { for s in $0 { s.cancel() }; $0 = [] } }
    }
}
