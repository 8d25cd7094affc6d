#if canImport(Glibc)
import Glibc
#endif

/// Reading a whole (small) file: mapping files, state files, configuration. One way, failing one
/// way: a ``FileError`` that keeps the system's reason, so that callers can tell a file that is
/// missing (`ENOENT`) from one that exists but can't be read.
public enum FileContents {
    /// Every byte of the file at `path`.
    ///
    /// - Throws: ``FileError/cannotOpen(path:errno:)`` when it can't be opened (missing,
    ///   unreadable, or a folder: `EISDIR`), ``FileError/readFailed(path:errno:)`` when reading
    ///   fails part-way.
    public static func read(path: String) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                // Opening a folder succeeds on Linux; reading it fails with EISDIR.
                throw code == EISDIR ? .cannotOpen(path: path, errno: EISDIR) : .readFailed(path: path, errno: code)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// The file's bytes, or nil when there is no file at `path` (`ENOENT`); any other failure throws.
    public static func readIfPresent(path: String) throws(FileError) -> [UInt8]? {
        do {
            return try read(path: path)
        } catch .cannotOpen(_, let code) where code == ENOENT {
            return nil
        }
    }
}
