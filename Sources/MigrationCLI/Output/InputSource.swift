/// Where the tool reads the admin's answer to its one question (the destination confirmation):
/// the process's standard input, or a script in tests.
public protocol InputSource: Sendable {
    /// Whether standard input is a terminal: a person who can answer.
    var isTerminal: Bool { get }
    /// The next line typed, without its newline; nil at the end of input.
    func readLine() -> String?
}
