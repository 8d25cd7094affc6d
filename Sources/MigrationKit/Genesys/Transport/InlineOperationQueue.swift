import Foundation

/// A delegate queue that runs each operation at once, on the thread that adds it.
///
/// swift-corelibs-foundation hands every delegate callback of a task to its session's delegate
/// queue from the session's own serial work queue, which also drives libcurl. On an ordinary
/// queue the callbacks only pile up: libcurl cannot be paused there and reads the socket as fast
/// as the network delivers, so a consumer slower than the network would leave the rest of a large
/// body queued in memory. Run inline, a body chunk's callback holds the work queue until the
/// consumer has taken the chunk; libcurl reads no further meanwhile and TCP's window pushes back
/// on the sender. That is the backpressure of ``URLSessionTransport/stream(_:body:)``.
///
/// Only for a session of its own (one per stream), whose delegate never blocks on that session's
/// work queue: `URLSessionTask.cancel()` waits for the work queue, so the delegate must not call
/// it inline (``StreamExchange`` cancels from another queue).
final class InlineOperationQueue: OperationQueue, @unchecked Sendable {
    override init() {
        super.init()
        maxConcurrentOperationCount = 1
    }

    override func addOperation(_ block: @escaping @Sendable () -> Void) {
        block()
    }

    override func addOperation(_ operation: Operation) {
        operation.start()
    }
}
