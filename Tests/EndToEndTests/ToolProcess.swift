import Essentials
import Foundation

/// The built `interaction-migrate` binary, run as a child process.
final class ToolProcess: @unchecked Sendable {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("interaction-migrate")
    }

    /// Not Foundation's `Process`: its `run()` can crash a process with many descriptors open (see ChildProcess).
    let process = ChildProcess()
    let standardOutput = Pipe()
    let standardError = Pipe()

    init(_ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = Self.binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
    }

    /// The first line the tool writes to standard output (nil if it ends first or after `timeout`).
    func firstLine(timeout: Double = 60) -> String? {
        let handle = standardOutput.fileHandleForReading
        var buffer = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
            if let newline = buffer.firstIndex(of: 0x0A) {
                return String(decoding: buffer[..<newline], as: UTF8.self)
            }
        }
        return nil
    }

    /// Waits for the process to end (at most `timeout` seconds; then it is killed) and returns its status.
    func wait(timeout: Double = 60) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }

    var errorText: String {
        String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Runs to the end and returns status, standard output and standard error. Both pipes are
    /// read while the tool runs, so that a long output can't fill a pipe and stall it.
    static func run(_ arguments: [String], environment: [String: String]? = nil, timeout: Double = 120) throws -> (status: Int32, output: String, error: String) {
        let tool = try ToolProcess(arguments, environment: environment)
        let output = PipeLines(tool.standardOutput.fileHandleForReading)
        let error = PipeLines(tool.standardError.fileHandleForReading)
        let status = tool.wait(timeout: timeout)
        output.waitForEnd(timeout: 10)
        error.waitForEnd(timeout: 10)
        return (status, output.text, error.text)
    }
}
