import Essentials
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The exclusive lock of one migration: `flock` on `state/NAME.lock`, held from open to
/// ``release()`` by the one command that writes the migration. The file holds the holder's pid,
/// so that a second command can say who has it. The OS drops the lock when its holder ends, even
/// by a crash or SIGKILL, so a lock file left behind never blocks anyone.
final class StateLock: Sendable {
    let path: String
    private let descriptor: Mutex<Int32>

    /// Takes the lock of `workspace`, or fails at once when another process holds it.
    init(_ workspace: MigrationWorkspace) throws(StateStoreError) {
        path = workspace.lockFile
        do {
            try FileManager.default.createDirectory(atPath: workspace.stateRoot, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .lockFailed(lockFile: path, reason: "its folder cannot be created (\(error.localizedDescription))")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .lockFailed(lockFile: path, reason: String(cString: strerror(errno))) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            let holder = code == EWOULDBLOCK ? Self.holder(fd) : nil
            close(fd)
            if code == EWOULDBLOCK { throw .locked(migration: workspace.name, lockFile: path, holder: holder) }
            throw .lockFailed(lockFile: path, reason: String(cString: strerror(code)))
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        descriptor = Mutex(fd)
    }

    /// Lets the next command take the lock. Calling it again does nothing.
    func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)  // Closing the last descriptor drops the flock.
            fd = -1
        }
    }

    deinit { release() }

    /// The pid written in the lock file by its holder, if it is one.
    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).flatMap { $0 > 0 ? $0 : nil }
    }
}
