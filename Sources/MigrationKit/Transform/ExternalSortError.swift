#if canImport(Glibc)
import Glibc
#endif

/// A failure of ``ExternalSorter``: its folder, a run file it writes or reads back, or its memory.
///
/// `errno` values are kept as numbers so callers can test for a specific cause (`ENOSPC`, ...);
/// `description` turns them into the system's text via `strerror`.
public enum ExternalSortError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The sorter's private folder for run files could not be created under `path`'s parent.
    case cannotCreateFolder(path: String, errno: Int32)
    /// A run file could not be created or written; usually the disk is full.
    case cannotWriteRun(path: String, errno: Int32)
    /// A run file written earlier could not be opened or read back.
    case cannotReadRun(path: String, errno: Int32)
    /// A run file ends in the middle of a record: something changed it after it was written.
    case truncatedRun(path: String)
    /// The system refused `bytes` bytes of memory for the records held between runs.
    case cannotReserveMemory(bytes: Int, errno: Int32)
    /// A key or line is longer than the 4 GiB a run file can describe.
    case recordTooLarge(bytes: Int)

    /// One lower-case sentence that says what failed and what to do, with no trailing period.
    public var description: String {
        switch self {
        case let .cannotCreateFolder(path, code):
            return "cannot create the sort folder \(path): \(Self.reason(code)); check that \(Self.parent(of: path)) is a writable folder or choose another temporary folder"
        case let .cannotWriteRun(path, code):
            return "cannot write the sort run \(path): \(Self.reason(code)); free disk space in \(Self.parent(of: path)) or set --memory-budget higher so that less is written to disk"
        case let .cannotReadRun(path, code):
            return "cannot read the sort run \(path): \(Self.reason(code)); check the disk holding \(Self.parent(of: path)) and run the transform again"
        case let .truncatedRun(path):
            return "the sort run \(path) ends in the middle of a record; make sure nothing else changes files in \(Self.parent(of: path)) and run the transform again"
        case let .cannotReserveMemory(bytes, code):
            return "cannot reserve \(bytes) bytes of memory for sorting: \(Self.reason(code)); set --memory-budget lower"
        case let .recordTooLarge(bytes):
            return "a record key or line of \(bytes) bytes is over the sorter's 4 GiB limit; check that the export file is JSON Lines"
        }
    }

    /// The folder holding `path`, or "." for a bare name.
    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The system's text for `code`, with its first letter lower-cased to fit mid-sentence.
    private static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let message = String(cString: text)
        guard let first = message.first else { return "error \(code)" }
        return first.lowercased() + message.dropFirst()
    }
}
