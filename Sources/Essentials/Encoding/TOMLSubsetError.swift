/// Why ``TOMLSubsetParser`` refused a file: the place (line, column, and the key or table when it
/// was read) and the ``TOMLSubsetProblem``. Never carries the text of a value.
public struct TOMLSubsetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line (1-based).
    public let line: Int
    /// The character (1-based, counting Unicode scalars) where the problem was found.
    public let column: Int
    /// The key of the `key = value` line, or `[name]` of the table header, when it could be read;
    /// nil otherwise (so that a line holding only a pasted secret is never echoed).
    public let subject: String?
    /// What is wrong.
    public let problem: TOMLSubsetProblem

    /// An error at `line`, `column` about `subject`.
    public init(line: Int, column: Int, subject: String? = nil, problem: TOMLSubsetProblem) {
        self.line = line
        self.column = column
        self.subject = subject
        self.problem = problem
    }

    /// `line 4, column 17 (client_secret): <problem>`.
    public var description: String {
        "line \(line), column \(column)\(subject.map { " (\($0))" } ?? ""): \(problem)"
    }
}
