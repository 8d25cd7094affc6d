#if canImport(Glibc)
import Glibc
#endif

extension SHA256 {
    /// The SHA-256 of the file at `path`, read through one 1 MiB buffer.
    ///
    /// - Throws: `FileError.cannotOpen` or `FileError.readFailed`, with the system's reason.
    public static func hashFile(atPath path: String) throws -> SHA256Digest {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw FileError.cannotOpen(path: path, errno: errno) }
        defer { close(descriptor) }
        return try hash(readingFrom: descriptor, path: path)
    }

    /// The SHA-256 of everything `descriptor` reads from its current offset to the end, read
    /// through one 1 MiB buffer. The descriptor is left open.
    ///
    /// - Parameters:
    ///   - path: the file's path, named in an error.
    ///   - shouldStop: asked before each 1 MiB read; true ends the hash early, for a caller
    ///     that no longer needs it.
    /// - Throws: `FileError.readFailed`, or `CancellationError` when `shouldStop` said so.
    public static func hash(readingFrom descriptor: Int32, path: String,
                            shouldStop: () -> Bool = { false }) throws -> SHA256Digest {
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            if shouldStop() { throw CancellationError() }
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.readFailed(path: path, errno: errno)
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return hasher.finalize()
    }
}
