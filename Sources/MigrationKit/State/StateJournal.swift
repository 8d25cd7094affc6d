import Essentials
#if canImport(Glibc)
import Glibc
#endif

/// The append-only journal beside the state file (`state/NAME.journal`): one compact JSON line
/// per change, `{"seq":N,"change":...}`, each on disk (`fdatasync`) before ``append(_:sequence:)``
/// returns. A change costs one line, however large the migration; the store folds the journal
/// into the state file now and then, and replays it on open.
final class StateJournal {
    /// What a journal holds on open.
    struct Contents {
        /// The complete changes, in order, with their sequence numbers.
        var changes: [(sequence: Int64, change: StateChange)] = []
        /// The bytes up to the end of the last complete change.
        var validLength = 0
        /// Whether a last line was cut short (a crash mid-write); it was never acknowledged, so
        /// it is dropped.
        var tornTail = false
    }

    let path: String
    private var fd: Int32 = -1
    private(set) var length = 0
    /// Set when a failed append could not be undone: the end of the file is unknown.
    private var isPoisoned = false

    /// Whether the journal holds no change and its end is known: the state file says everything.
    var isEmpty: Bool { length == 0 && !isPoisoned }

    /// Reads the journal at `path`; an absent journal is empty. A damaged line before the last
    /// one is refused: it means the file was edited or corrupted, not cut short.
    static func read(path: String) throws -> Contents {
        guard let bytes = try FileContents.readIfPresent(path: path) else { return Contents() }
        var contents = Contents()
        var lineStart = 0
        var lineNumber = 0
        var previous: Int64 = 0
        while lineStart < bytes.count {
            lineNumber += 1
            let newline = bytes[lineStart...].firstIndex(of: 0x0A)
            let lineEnd = newline ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            do {
                guard newline != nil else { throw StateDecoder.Failure(location: "the line", reason: "it has no end of line") }
                let decoder = try StateDecoder(try Self.parse(line), at: "line \(lineNumber)")
                guard let sequence = decoder.object["seq"]?.intValue, sequence > previous else {
                    throw decoder.fail("seq", "missing, or not above the line before")
                }
                contents.changes.append((sequence, try StateChange(decoder)))
                previous = sequence
                contents.validLength = lineEnd + 1
            } catch {
                // Only the last line may be torn: it was being written when the writer stopped.
                // Zeros after it are the journal's preallocated space, not a change. A line is torn when it has no end, or holds zeros where its bytes never reached
                // the disk (a crash between its pages); a whole line this version can't read is
                // damage (an edit, or a newer version's change), and is refused like any other.
                let isLast = newline == nil || bytes[lineEnd...].allSatisfy { $0 == 0 || $0 == 0x0A }
                if isLast, newline == nil || line.contains(0) {
                    contents.tornTail = line.contains { $0 != 0 }
                    return contents
                }
                throw StateStoreError.journalDamaged(path: path, line: lineNumber, reason: "\(error)")
            }
            lineStart = lineEnd + 1
        }
        return contents
    }

    private static func parse(_ line: ArraySlice<UInt8>) throws(StateDecoder.Failure) -> JSONValue {
        do { return try JSONParser.parse(line) } catch {
            throw StateDecoder.Failure(location: "the line", reason: "not JSON (\(error))")
        }
    }



    /// Opens the journal for appending after its first `validLength` bytes (a torn tail is cut off).
    init(path: String, validLength: Int) throws(StateStoreError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
        guard ftruncate(fd, off_t(validLength)) == 0, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw .writeFailed(path: path, reason: reason)
        }
        length = validLength
        allocated = validLength
    }

    /// The journal's space is allocated ahead, this much at a time, and zero-filled: a change
    /// that lands in allocated space changes no file size, so `fdatasync` has only the data to
    /// flush (measured on ext4: 0.14 ms a change instead of 0.22 ms). Readers skip the zeros.
    static let allocationStep = 1 << 20
    private var allocated = 0

    /// Makes sure `bytes` more fit in allocated space.
    private func reserve(_ bytes: Int) {
        guard length + bytes > allocated else { return }
        let target = (length + bytes + Self.allocationStep - 1) / Self.allocationStep * Self.allocationStep
        // Without preallocation (a file system that lacks it) appends still work, only slower.
        if posix_fallocate(fd, off_t(allocated), off_t(target - allocated)) == 0, fsync(fd) == 0 {
            allocated = target
        } else {
            allocated = length + bytes
        }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }  // The zeros stay; the next open cuts them off.

    /// Appends `change` as change number `sequence` and waits until it is on disk. On failure
    /// the journal is cut back to what it was, so a half-written change is never followed by others.
    func append(_ change: StateChange, sequence: Int64) throws(StateStoreError) -> Int {
        guard !isPoisoned else { throw .closed(path: path) }
        var object = JSONObject([("seq", .int(sequence))])
        for member in change.jsonValue { object[member.key] = member.value }
        var line: [UInt8]
        do { line = try JSONWriter.compact(.object(object)) } catch {
            throw .writeFailed(path: path, reason: "\(error)")
        }
        line.append(0x0A)
        reserve(line.count)
        var written = 0
        var failure: Int32 = 0
        while written < line.count {
            let count = line.withUnsafeBytes { pwrite(fd, $0.baseAddress! + written, $0.count - written, off_t(length + written)) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            written += count
        }
        if failure == 0, fdatasync(fd) != 0 { failure = errno }
        guard failure == 0 else {
            // Zero what may have been written, so the journal ends where it did.
            let zeros = [UInt8](repeating: 0, count: line.count)
            let undone = zeros.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(length)) } == zeros.count
            if !undone || fdatasync(fd) != 0 { isPoisoned = true }
            throw .writeFailed(path: path, reason: String(cString: strerror(failure)))
        }
        length += line.count
        return line.count
    }

    /// Empties the journal, once its changes are in the state file.
    func reset() throws(StateStoreError) {
        guard ftruncate(fd, 0) == 0, fsync(fd) == 0 else {
            isPoisoned = true
            throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
        length = 0
        allocated = 0
        isPoisoned = false
    }

    /// Gives back the allocated space past the last change and closes the file.
    func close() {
        guard fd >= 0 else { return }
        if !isPoisoned, allocated > length, ftruncate(fd, off_t(length)) == 0 { _ = fsync(fd) }
        Glibc.close(fd)
        fd = -1
    }
}
