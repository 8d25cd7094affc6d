import Essentials
import Foundation
import Testing

/// Another process holding a migration's lock (`flock` on `state/NAME.lock`), with its pid in
/// the file the way the tool writes it: for tests of a second command refused while one runs.
final class LockHolder {
    let process = ChildProcess()

    /// Starts the holder and returns once it holds `lockFile` (`flock -n` then fails at once).
    init(_ lockFile: String) throws {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // -o: flock itself holds the lock (not `sleep`), so killing it releases the lock.
        process.arguments = ["-c", "echo $$ > \(lockFile); exec /usr/bin/flock -x -o \(lockFile) sleep 30"]
        // Not the test's own output: the orphaned `sleep` would keep it open.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var held = false
        for _ in 0..<200 where !held {
            let probe = ChildProcess()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            probe.arguments = ["-n", lockFile, "true"]
            try probe.run()
            probe.waitUntilExit()
            held = probe.terminationStatus != 0
            if !held { usleep(25_000) }
        }
        guard held else {
            stop()
            throw HolderError(description: "the holder never took \(lockFile)")
        }
    }

    struct HolderError: Error, CustomStringConvertible { var description: String }

    var pid: Int32 { process.processIdentifier }

    /// Kills the holder, which releases the lock. (Process.waitUntilExit would wait for the
    /// orphaned `sleep` as well.)
    func stop() { kill(process.processIdentifier, SIGKILL) }

    deinit { stop() }
}
