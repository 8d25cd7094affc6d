#if canImport(Glibc)
import Glibc
#endif

/// Streams a JSON Lines file one line at a time, in memory bounded by the longest line.
///
/// The file is opened by `init` (so a missing file is reported before any work starts) and
/// closed when the reader is released; ARC releases it deterministically when the last reference
/// goes away. Each `forEachLine` call reads the whole file from the start with positioned reads
/// (`pread`), so a reader can be walked more than once and by several threads at a time.
///
/// The reader splits lines only; it does not parse JSON. It reads 1 MiB at a time into one buffer
/// that grows only when a line does not fit: at most twice the longest line seen, and never beyond
/// max(1 MiB, `maximumLineLength` + 2) bytes, because an over-long line is reported as soon as
/// the limit is passed rather than after reading it whole.
public final class JSONLineReader: Sendable {
    /// The line-length limit used unless another is given: 64 MiB.
    public static let defaultMaximumLineLength = 64 * 1024 * 1024

    /// How many bytes are requested from the file per read (while no long line forces growth).
    private static let chunkSize = 1024 * 1024

    /// The path as given to `init`, used in errors.
    public let path: String
    /// The longest line accepted, in bytes, not counting its "\n" or "\r\n".
    public let maximumLineLength: Int
    /// The open, read-only file descriptor; closed in `deinit`.
    private let descriptor: Int32

    /// Opens the file at `path` for reading.
    ///
    /// `maximumLineLength` is the longest line accepted, in bytes without its line ending; it must
    /// be at least 1 (a precondition).
    ///
    /// - Throws: `FileError.cannotOpen` if the file is missing, unreadable or a folder.
    public init(path: String, maximumLineLength: Int = defaultMaximumLineLength) throws {
        precondition(maximumLineLength >= 1, "maximumLineLength must be at least 1")
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw FileError.cannotOpen(path: path, errno: errno) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw FileError.cannotOpen(path: path, errno: EISDIR)
        }
        self.path = path
        self.maximumLineLength = maximumLineLength
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Calls `body` with each non-blank line's bytes (without the trailing "\n" or "\r\n") and its
    /// 1-based line number in the file. Blank (empty or whitespace-only) lines are skipped but still
    /// counted in line numbers.
    ///
    /// Whitespace means JSON whitespace: space, tab, carriage return. The last line need not end
    /// in "\n". A "\r" is removed only when it comes right before "\n". The buffer passed to `body`
    /// is valid only during that call; copy what you need to keep. An error thrown by `body` stops
    /// the walk and is rethrown unchanged.
    ///
    /// - Throws: `FileError.lineTooLong` naming the first line longer than `maximumLineLength`
    ///   (checked before the whole line is read, so memory stays bounded), `FileError.readFailed`
    ///   if reading fails, or whatever `body` throws.
    public func forEachLine(_ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        // Longest unfinished line we may have to hold: the limit plus a "\r" plus one byte to
        // learn that the line goes on.
        let capacityLimit = max(Self.chunkSize, maximumLineLength + 2)
        var capacity = Self.chunkSize
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }

        var fileOffset: off_t = 0
        var start = 0  // first byte of the current (unfinished) line
        var end = 0  // end of the valid bytes in buffer
        var lineNumber = 1

        while true {
            if capacity - end < Self.chunkSize / 2 {
                if start > 0 {
                    // Move the unfinished line to the front to make room for a full read.
                    buffer.copyMemory(from: buffer + start, byteCount: end - start)
                    end -= start
                    start = 0
                }
                if capacity - end < Self.chunkSize / 2, capacity < capacityLimit {
                    // The unfinished line fills most of the buffer: grow it, up to the limit.
                    let grown = min(max(capacity * 2, end + Self.chunkSize), capacityLimit)
                    let newBuffer = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
                    newBuffer.copyMemory(from: buffer, byteCount: end)
                    buffer.deallocate()
                    buffer = newBuffer
                    capacity = grown
                }
            }

            let count = try read(into: buffer + end, count: capacity - end, at: fileOffset)
            if count == 0 {
                // End of file: what is left is the last line, which has no "\n".
                if end > start {
                    let length = end - start
                    if length > maximumLineLength {
                        throw FileError.lineTooLong(path: path, line: lineNumber, limit: maximumLineLength)
                    }
                    try deliver(UnsafeRawBufferPointer(start: buffer + start, count: length), lineNumber, body)
                }
                return
            }
            fileOffset += off_t(count)
            var scan = end
            end += count

            // Hand out every complete line in the newly read bytes.
            while scan < end, let found = memchr(buffer + scan, Int32(UInt8(ascii: "\n")), end - scan) {
                let newline = buffer.distance(to: found)
                var length = newline - start
                if length > 0, buffer.load(fromByteOffset: newline - 1, as: UInt8.self) == UInt8(ascii: "\r") {
                    length -= 1
                }
                if length > maximumLineLength {
                    throw FileError.lineTooLong(path: path, line: lineNumber, limit: maximumLineLength)
                }
                try deliver(UnsafeRawBufferPointer(start: buffer + start, count: length), lineNumber, body)
                lineNumber += 1
                start = newline + 1
                scan = start
            }

            // The unfinished line is already too long even if it turns out to end in "\r\n".
            if end - start > maximumLineLength + 1 {
                throw FileError.lineTooLong(path: path, line: lineNumber, limit: maximumLineLength)
            }
        }
    }

    /// Calls `body` with `line` unless it is blank.
    @inline(__always)
    private func deliver(
        _ line: UnsafeRawBufferPointer, _ lineNumber: Int,
        _ body: (UnsafeRawBufferPointer, Int) throws -> Void
    ) throws {
        for byte in line where !Self.isWhitespace(byte) {
            try body(line, lineNumber)
            return
        }
    }

    /// Whether `byte` is JSON whitespace other than "\n": space, tab or carriage return.
    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }

    /// Reads up to `count` bytes at `offset` into `destination`, retrying on EINTR; 0 means end of file.
    private func read(into destination: UnsafeMutableRawPointer, count: Int, at offset: off_t) throws -> Int {
        while true {
            let result = pread(descriptor, destination, count, offset)
            if result >= 0 { return result }
            if errno != EINTR { throw FileError.readFailed(path: path, errno: errno) }
        }
    }
}
