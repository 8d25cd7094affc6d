/// What a running command may use from its surroundings: for now, where to write.
struct CommandContext: Sendable {
    /// The standard streams, or a buffer in tests.
    let output: any OutputSink

    /// Writes `line` and a newline to standard output.
    func print(_ line: String) {
        output.standardOutput(line + "\n")
    }

    /// Writes `line` and a newline to standard error.
    func printError(_ line: String) {
        output.standardError(line + "\n")
    }
}
