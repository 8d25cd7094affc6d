import Dispatch
import Synchronization

/// A SHA-256 computed on its own thread: `update` copies the bytes and returns, so hashing a file
/// while it is read or written takes the second core instead of the caller's time.
///
/// At most `maximumPendingBytes` wait to be hashed; beyond that `update` waits, so memory stays
/// bounded when the caller is faster than the hash.
public final class BackgroundSHA256: @unchecked Sendable {
    private let queue = DispatchQueue(label: "interaction-migrate.sha256")
    private let room: DispatchSemaphore
    private let blockSize: Int
    /// Touched only on `queue`.
    private var hasher = SHA256()
    /// Bytes gathered by the caller until a block is full.
    private var pending: [UInt8] = []

    /// - Parameter maximumPendingBytes: bytes that may wait to be hashed, in blocks of 1 MiB.
    public init(maximumPendingBytes: Int = 8 << 20) {
        blockSize = 1 << 20
        room = DispatchSemaphore(value: max(1, maximumPendingBytes / (1 << 20)))
        pending.reserveCapacity(blockSize)
    }

    /// Adds `bytes` to the message. Not for use from several threads at once.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        pending.append(contentsOf: bytes)
        if pending.count >= blockSize { send() }
    }

    private func send() {
        let block = pending
        pending = []
        pending.reserveCapacity(blockSize)
        room.wait()
        queue.async { [self] in
            block.withUnsafeBytes { hasher.update($0) }
            room.signal()
        }
    }

    /// Waits for every block and returns the digest. Call once, after the last `update`.
    public func finalize() -> SHA256Digest {
        if !pending.isEmpty { send() }
        return queue.sync { hasher.finalize() }
    }
}
