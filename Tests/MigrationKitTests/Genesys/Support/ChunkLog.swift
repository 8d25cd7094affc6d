import Essentials
import Synchronization

/// What a streaming consumer was handed: the chunks' sizes in order, and their bytes unless the
/// body is large (then the test holds no body either).
final class ChunkLog: Sendable {
    private struct State: Sendable {
        var sizes: [Int] = []
        var bytes: [UInt8] = []
        var callsAfterFailure = 0
        var failed = false
    }

    private let keepBytes: Bool
    private let state = Mutex(State())

    init(keepBytes: Bool = true) {
        self.keepBytes = keepBytes
    }

    /// Notes `chunk`.
    func take(_ chunk: UnsafeRawBufferPointer) {
        state.withLock { state in
            if state.failed { state.callsAfterFailure += 1 }
            state.sizes.append(chunk.count)
            if keepBytes { state.bytes.append(contentsOf: chunk) }
        }
    }

    /// Notes that the consumer is about to throw: any later chunk is counted as a call after it.
    func markFailed() { state.withLock { $0.failed = true } }

    var sizes: [Int] { state.withLock { $0.sizes } }
    var count: Int { sizes.count }
    var total: Int { sizes.reduce(0, +) }
    var bytes: [UInt8] { state.withLock { $0.bytes } }
    var callsAfterFailure: Int { state.withLock { $0.callsAfterFailure } }
}

/// The error a test's consumer throws.
struct ConsumerStop: Error, Equatable {
    var after: Int
}

/// The first `count` bytes of ``BodyServer``'s body.
func expectedBody(_ count: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    BodyServer.fill(&bytes, offset: 0, count: count)
    return bytes
}
