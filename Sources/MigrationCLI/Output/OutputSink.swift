/// Where the tool's text goes: the process's standard streams, or a buffer in tests.
///
/// Text is written as given, without adding a newline, so that a progress line can be
/// rewritten with `\r`; ``CommandContext`` adds the newline for whole lines.
public protocol OutputSink: Sendable {
    /// Writes `text` to standard output: results, help, anything a script may read.
    func standardOutput(_ text: String)
    /// Writes `text` to standard error: errors, warnings and progress.
    func standardError(_ text: String)
    /// Whether standard error is a terminal.
    var standardErrorIsTerminal: Bool { get }
}

extension OutputSink {
    /// Whether standard error is a terminal, where a progress line is rewritten in place; false
    /// unless the sink says otherwise (a buffer in tests, a pipe, a file).
    public var standardErrorIsTerminal: Bool { false }
}
