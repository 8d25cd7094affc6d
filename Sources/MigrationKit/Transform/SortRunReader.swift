#if canImport(Glibc)
import Glibc
#endif

/// Reads back a run file written by ``SortRunWriter``, one record at a time, through a buffer of
/// a given size that grows only for a record longer than itself.
final class SortRunReader {
    /// The run file's path.
    let path: String
    private let descriptor: Int32
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    /// First unconsumed byte in `buffer`.
    private var start = 0
    /// End of the valid bytes in `buffer`.
    private var end = 0
    /// Length of the current record, consumed by the next ``advance()``.
    private var currentLength = 0
    /// The current record's key; valid until the next ``advance()``.
    private(set) var key = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The current record's line; valid until the next ``advance()``.
    private(set) var line = UnsafeRawBufferPointer(start: nil, count: 0)

    /// Opens the run at `path`; call ``advance()`` for the first record.
    ///
    /// - Throws: `ExternalSortError.cannotReadRun`.
    init(path: String, bufferSize: Int) throws {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw ExternalSortError.cannotReadRun(path: path, errno: errno) }
        self.path = path
        self.descriptor = descriptor
        capacity = max(bufferSize, 4096)
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// Moves to the next record; false at the end of the file.
    ///
    /// - Throws: `ExternalSortError.cannotReadRun` or `ExternalSortError.truncatedRun`.
    func advance() throws -> Bool {
        start += currentLength
        currentLength = 0
        try fill(minimum: 8)
        let available = end - start
        if available == 0 { return false }
        guard available >= 8 else { throw ExternalSortError.truncatedRun(path: path) }
        let keyLength = Int(UInt32(littleEndian: (buffer + start).loadUnaligned(as: UInt32.self)))
        let lineLength = Int(UInt32(littleEndian: (buffer + start + 4).loadUnaligned(as: UInt32.self)))
        let length = 8 + keyLength + lineLength
        try fill(minimum: length)
        guard end - start >= length else { throw ExternalSortError.truncatedRun(path: path) }
        key = UnsafeRawBufferPointer(start: buffer + start + 8, count: keyLength)
        line = UnsafeRawBufferPointer(start: buffer + start + 8 + keyLength, count: lineLength)
        currentLength = length
        return true
    }

    /// Reads until at least `minimum` unconsumed bytes are buffered or the file ends.
    private func fill(minimum: Int) throws {
        guard end - start < minimum else { return }
        if capacity - start < minimum {
            let kept = end - start
            if capacity < minimum {
                let grown = UnsafeMutableRawPointer.allocate(byteCount: max(minimum, capacity * 2), alignment: 16)
                grown.copyMemory(from: buffer + start, byteCount: kept)
                buffer.deallocate()
                buffer = grown
                capacity = max(minimum, capacity * 2)
            } else if kept > 0 {
                memmove(buffer, buffer + start, kept)
            }
            start = 0
            end = kept
        }
        while end - start < minimum {
            let count = read(descriptor, buffer + end, capacity - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw ExternalSortError.cannotReadRun(path: path, errno: errno)
            }
            if count == 0 { return }
            end += count
        }
    }
}
