/// Why a JSON text was refused, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 0-based byte offset of the problem, within the text (or the line, for JSON Lines).
    public var offset: Int
    /// The 1-based line of a JSON Lines file, when the text was one line of one.
    public var line: Int?
    /// What is wrong, lower-case.
    public var reason: String

    public init(offset: Int, line: Int? = nil, reason: String) {
        self.offset = offset
        self.line = line
        self.reason = reason
    }

    /// The same error, placed on a line of a JSON Lines file.
    public func onLine(_ line: Int) -> JSONParseError {
        var copy = self
        copy.line = line
        return copy
    }

    public var description: String {
        if let line {
            return "invalid JSON on line \(line) at byte \(offset) of the line: \(reason)"
        }
        return "invalid JSON at byte \(offset): \(reason)"
    }
}
