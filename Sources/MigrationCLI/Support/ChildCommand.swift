import Foundation

/// This tool run as a child process in a folder, its output passed on line by line, for the demo:
/// each step is the command line an admin would type, run for real.
///
/// The child is waited for on a thread of its own, not on the concurrency pool, so the emulator
/// served from this process keeps answering it.
struct ChildCommand: Sendable {
    /// What the child did.
    struct Result: Sendable {
        var status: Int32
        var interrupted: Bool
        var lines: [String]
    }

    let folder: String
    let environment: [String: String]

    /// Runs `arguments`, passing each output line (stdout and stderr, in order) to `echo`; sends
    /// SIGINT once `interruptWhen` is true of a line.
    func run(_ arguments: [String], echo: @escaping @Sendable (String) -> Void,
             interruptWhen: (@Sendable (String) -> Bool)? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var buffer = Data()
                var lines: [String] = []
                var interrupted = false
                func take(_ line: Data) {
                    let text = String(decoding: line, as: UTF8.self)
                    lines.append(text)
                    echo(text)
                    if !interrupted, let interruptWhen, interruptWhen(text) {
                        interrupted = true
                        process.interrupt()
                    }
                }
                while true {
                    let chunk = pipe.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                    while let newline = buffer.firstIndex(of: 0x0A) {
                        take(buffer[buffer.startIndex..<newline])
                        buffer.removeSubrange(buffer.startIndex...newline)
                    }
                }
                if !buffer.isEmpty { take(buffer) }
                process.waitUntilExit()
                continuation.resume(returning: Result(status: process.terminationStatus, interrupted: interrupted, lines: lines))
            }
            thread.start()
        }
    }
}
