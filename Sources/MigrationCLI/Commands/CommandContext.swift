import Foundation

/// What a running command may use from its surroundings: where to write, and the environment
/// (credentials come from environment variables, never from the command line).
struct CommandContext: Sendable {
    /// The standard streams, or a buffer in tests.
    let output: any OutputSink
    /// The environment variables the command sees.
    let environment: [String: String]
    /// Standard input, for the destination confirmation.
    let input: any InputSource

    init(output: any OutputSink, environment: [String: String] = ProcessInfo.processInfo.environment,
         input: any InputSource = StandardInput()) {
        self.output = output
        self.environment = environment
        self.input = input
    }

    /// Writes `line` and a newline to standard output.
    func print(_ line: String) {
        output.standardOutput(line + "\n")
    }

    /// Writes `line` and a newline to standard error.
    func printError(_ line: String) {
        output.standardError(line + "\n")
    }
}
