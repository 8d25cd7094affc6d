/// A value of the TOML subset ``TOMLSubsetParser`` reads: a string, a boolean or a whole number.
///
/// Configuration files hold secrets, so printing a value never shows it: `description`,
/// `debugDescription` and mirrors give only its kind (`a string`). Read the content with
/// ``stringValue``, ``boolValue`` or ``integerValue``.
public enum TOMLSubsetValue: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// A basic (`"..."`) or literal (`'...'`) string, escapes resolved.
    case string(String)
    /// `true` or `false`.
    case boolean(Bool)
    /// A whole number (decimal, or `0x`, `0o`, `0b`), within the range of `Int64`.
    case integer(Int64)

    /// The text of a string value; nil for other kinds.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value of a boolean; nil for other kinds.
    public var boolValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    /// The value of a whole number; nil for other kinds.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The kind, as it reads in a sentence: `a string`, `a boolean`, `a whole number`.
    public var kind: String {
        switch self {
        case .string: "a string"
        case .boolean: "a boolean"
        case .integer: "a whole number"
        }
    }

    /// The kind only (``kind``), never the content.
    public var description: String { kind }

    /// The kind only (``kind``), never the content.
    public var debugDescription: String { kind }

    /// A mirror with no children, so reflection cannot reach the content.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}
