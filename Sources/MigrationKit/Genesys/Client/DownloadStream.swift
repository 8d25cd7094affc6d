import Synchronization

/// The consumer of a streamed download, and how many bytes it has been handed: once any have
/// been, a failed attempt is not retried, since the consumer already holds part of the body
/// (``OrgClient/perform(_:)``).
final class DownloadStream: Sendable {
    private let consumer: @Sendable (UnsafeRawBufferPointer) throws -> Void
    private let delivered = Atomic<Int>(0)

    init(_ consumer: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) {
        self.consumer = consumer
    }

    /// Hands `chunk` to the consumer.
    func deliver(_ chunk: UnsafeRawBufferPointer) throws {
        // Counted first: a consumer that throws may have kept part of the chunk.
        delivered.add(chunk.count, ordering: .relaxed)
        try consumer(chunk)
    }

    /// Bytes handed to the consumer so far.
    var deliveredBytes: Int { delivered.load(ordering: .relaxed) }
}
