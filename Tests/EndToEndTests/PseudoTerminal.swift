import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal whose terminal side is a child's standard input, so that a test can answer
/// the tool's questions as a person at a terminal would.
final class PseudoTerminal: @unchecked Sendable {
    let controller: Int32
    /// The terminal side, for `Process.standardInput`.
    let terminal: FileHandle

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        // The pseudo-terminal calls aren't imported into Swift's Glibc module (they need
        // _XOPEN_SOURCE); they are looked up by name.
        typealias Call = @convention(c) (Int32) -> Int32
        typealias PtsName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        func symbol(_ name: String) throws -> UnsafeMutableRawPointer {
            guard let found = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { throw Failure(description: "no \(name) in libc") }
            return found
        }
        let grantpt = unsafeBitCast(try symbol("grantpt"), to: Call.self)
        let unlockpt = unsafeBitCast(try symbol("unlockpt"), to: Call.self)
        let ptsname = unsafeBitCast(try symbol("ptsname"), to: PtsName.self)
        controller = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard controller >= 0, grantpt(controller) == 0, unlockpt(controller) == 0, let name = ptsname(controller) else {
            throw Failure(description: "no pseudo-terminal: errno \(errno)")
        }
        let path = String(cString: name)
        let fd = open(path, O_RDWR | O_NOCTTY)
        guard fd >= 0 else { throw Failure(description: "can't open \(path): errno \(errno)") }
        terminal = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        // Drain what the terminal echoes so that the child never blocks writing to it.
        let controller = self.controller
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(controller, &buffer, buffer.count) > 0 {}
        }
    }

    /// Types `line` and Return.
    func type(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    deinit { close(controller) }
}
