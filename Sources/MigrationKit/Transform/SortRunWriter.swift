import Essentials
#if canImport(Glibc)
import Glibc
#endif

/// Writes one sorted run file for ``ExternalSorter``: records one after another, each as its key
/// length and line length (32-bit little-endian), then the key bytes and the line bytes.
///
/// Writes are gathered in a 1 MiB buffer. The file is created with mode 0600 and must not exist
/// yet. Run files are scratch: they are not fsynced, and the sorter removes them.
final class SortRunWriter {
    /// Size of the write buffer; pieces at least this large bypass it.
    static let bufferSize = 1024 * 1024

    /// The run file's path.
    let path: String
    /// The open file; -1 once closed.
    private var descriptor: Int32
    private let buffer: UnsafeMutableRawPointer
    private var buffered = 0

    /// Creates the run file at `path`.
    ///
    /// - Throws: `ExternalSortError.cannotWriteRun`.
    init(path: String) throws {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw ExternalSortError.cannotWriteRun(path: path, errno: errno) }
        self.path = path
        self.descriptor = descriptor
        buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.bufferSize, alignment: 16)
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
        buffer.deallocate()
    }

    /// Appends one record; the caller checked that neither part is over `UInt32.max` bytes.
    func append(key: UnsafeRawBufferPointer, line: UnsafeRawBufferPointer) throws {
        var header = (UInt32(key.count).littleEndian, UInt32(line.count).littleEndian)
        try withUnsafeBytes(of: &header) { try put($0) }
        try put(key)
        try put(line)
    }

    /// Writes out what is buffered and closes the file.
    ///
    /// - Throws: `ExternalSortError.cannotWriteRun`.
    func close() throws {
        try flush()
        let result = Glibc.close(descriptor)
        descriptor = -1
        // Linux closes the descriptor even when close reports EINTR; only other errors count.
        if result != 0, errno != EINTR { throw ExternalSortError.cannotWriteRun(path: path, errno: errno) }
    }

    private func put(_ bytes: UnsafeRawBufferPointer) throws {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if buffered + bytes.count > Self.bufferSize {
            try flush()
            if bytes.count >= Self.bufferSize {
                try writeAll(source, count: bytes.count)
                return
            }
        }
        (buffer + buffered).copyMemory(from: source, byteCount: bytes.count)
        buffered += bytes.count
    }

    private func flush() throws {
        guard buffered > 0 else { return }
        try writeAll(buffer, count: buffered)
        buffered = 0
    }

    /// Writes `count` bytes from `source`, continuing after partial writes and EINTR.
    private func writeAll(_ source: UnsafeRawPointer, count: Int) throws {
        if let failure = FileDescriptorWriter.writeAll(descriptor, source, count: count) {
            throw ExternalSortError.cannotWriteRun(path: path, errno: failure)
        }
    }
}
