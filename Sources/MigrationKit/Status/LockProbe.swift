import Essentials
#if canImport(Glibc)
import Glibc
#endif

/// Who holds a migration's lock right now, found without touching the lock: taking it, even
/// for a moment, could make a writer that starts at that instant fail as "in use". Linux lists
/// every held `flock` in `/proc/locks` with the file's device and inode; elsewhere, or when the
/// list can't be read, nothing is known.
enum LockProbe {
    /// The pid holding an exclusive `flock` on the file at `path`; nil when none does, there is
    /// no such file, or it can't be told.
    static func holder(of path: String) -> Int32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        guard let bytes = try? FileContents.readIfPresent(path: "/proc/locks") else { return nil }
        let device = UInt64(info.st_dev)
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
        let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
        let inode = UInt64(info.st_ino)
        return holder(in: String(decoding: bytes, as: UTF8.self), major: major, minor: minor, inode: inode)
    }

    /// The pid of the `FLOCK ... WRITE` line of `table` (the text of `/proc/locks`) on the file
    /// `major:minor:inode` (device numbers in hex there); waiters (`->` lines) are not holders.
    static func holder(in table: String, major: UInt64, minor: UInt64, inode: UInt64) -> Int32? {
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // 1: FLOCK  ADVISORY  WRITE 25068 fe:00:16221838 0 EOF
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE" else { continue }
            let file = fields[5].split(separator: ":")
            guard file.count == 3, UInt64(file[0], radix: 16) == major, UInt64(file[1], radix: 16) == minor,
                  UInt64(file[2]) == inode, let pid = Int32(fields[4]), pid > 0 else { continue }
            return pid
        }
        return nil
    }
}
