#if canImport(Glibc)
import Glibc
#endif

/// Writing to a file descriptor the careful way, shared by every buffered writer.
public enum FileDescriptorWriter {
    /// Writes all `count` bytes from `source` to `descriptor`, continuing after partial writes
    /// and `EINTR`. Returns nil on success, or the `errno` of the failed write.
    public static func writeAll(_ descriptor: Int32, _ source: UnsafeRawPointer, count: Int) -> Int32? {
        var offset = 0
        while offset < count {
            let written = write(descriptor, source + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}
