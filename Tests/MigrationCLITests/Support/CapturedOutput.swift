import MigrationCLI
import Synchronization

/// An output sink that keeps what the tool writes, for tests to read back.
final class CapturedOutput: OutputSink {
    private let streams = Mutex<(standardOutput: String, standardError: String)>(("", ""))

    func standardOutput(_ text: String) {
        streams.withLock { $0.standardOutput += text }
    }

    func standardError(_ text: String) {
        streams.withLock { $0.standardError += text }
    }

    /// Everything written to standard output so far.
    var standardOutputText: String { streams.withLock { $0.standardOutput } }

    /// Everything written to standard error so far.
    var standardErrorText: String { streams.withLock { $0.standardError } }
}

/// What one run of the tool produced.
struct ToolRun {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// Runs the tool in-process with `arguments`, capturing its output.
    static func of(_ arguments: [String]) async -> ToolRun {
        let output = CapturedOutput()
        let status = await InteractionMigrate.run(arguments, output: output)
        return ToolRun(status: status, standardOutput: output.standardOutputText, standardError: output.standardErrorText)
    }
}
