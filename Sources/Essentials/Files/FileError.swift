#if canImport(Glibc)
import Glibc
#endif

/// A failure reading or writing a file, naming the file and, where the system gave one, its reason.
///
/// `errno` values are kept as numbers so callers can test for a specific cause (`ENOENT`, `ENOSPC`,
/// ...); `description` turns them into the system's text via `strerror`.
public enum FileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file at `path` could not be opened for reading (missing, unreadable, or a folder).
    case cannotOpen(path: String, errno: Int32)
    /// Reading the file at `path` failed part-way through.
    case readFailed(path: String, errno: Int32)
    /// Line `line` (1-based) of the file at `path` is longer than `limit` bytes.
    case lineTooLong(path: String, line: Int, limit: Int)
    /// The folder at `path`, needed to hold an output file, could not be created.
    case cannotCreateFolder(path: String, errno: Int32)
    /// No temporary file could be created next to the output file at `path`.
    case cannotCreateTemporaryFile(path: String, errno: Int32)
    /// Writing, flushing or closing the temporary file for the output at `path` failed.
    case writeFailed(path: String, errno: Int32)
    /// The temporary file could not be renamed over the output file at `path`.
    case cannotReplace(path: String, errno: Int32)
    /// The output at `path` was renamed into place, but its folder could not be flushed to disk,
    /// so the new content may not survive a crash.
    case folderSyncFailed(path: String, errno: Int32)
    /// The output at `path` was already committed or abandoned and takes no more calls.
    case outputClosed(path: String)

    /// One lower-case sentence that names the file and says what to do, with no trailing period.
    public var description: String {
        switch self {
        case let .cannotOpen(path, code):
            return "cannot open \(path) for reading: \(Self.reason(code)); check the path and its permissions"
        case let .readFailed(path, code):
            return "cannot read \(path): \(Self.reason(code)); check the disk or the network share and try again"
        case let .lineTooLong(path, line, limit):
            return "line \(line) of \(path) is longer than \(Self.size(limit)); split the record or check that the file is JSON Lines"
        case let .cannotCreateFolder(path, code):
            return "cannot create folder \(path): \(Self.reason(code)); check that its parent is a writable folder"
        case let .cannotCreateTemporaryFile(path, code):
            return "cannot create a temporary file next to \(path): \(Self.reason(code)); check that the folder is writable"
        case let .writeFailed(path, code):
            return "cannot write \(path): \(Self.reason(code)); check free space and permissions, then try again"
        case let .cannotReplace(path, code):
            return "cannot replace \(path) with the new content: \(Self.reason(code)); check that it is not a folder and that its folder is writable"
        case let .folderSyncFailed(path, code):
            return "wrote \(path) but could not flush its folder to disk: \(Self.reason(code)); check the disk before relying on the file"
        case let .outputClosed(path):
            return "the output to \(path) was already committed or abandoned; open a new output to write again"
        }
    }

    /// The system's text for `code`, with its first letter lower-cased to fit mid-sentence.
    private static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let message = String(cString: text)
        guard let first = message.first else { return "error \(code)" }
        return first.lowercased() + message.dropFirst()
    }

    /// `bytes` in the largest binary unit that divides it exactly: "64 MiB", "3 KiB", "100 bytes".
    private static func size(_ bytes: Int) -> String {
        let mebibyte = 1024 * 1024
        if bytes >= mebibyte, bytes % mebibyte == 0 { return "\(bytes / mebibyte) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
