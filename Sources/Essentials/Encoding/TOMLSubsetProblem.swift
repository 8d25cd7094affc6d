/// What is wrong on one line of a TOML file that ``TOMLSubsetParser`` refuses.
///
/// No case carries any text of a value: configuration files hold secrets, and an error about a
/// secret's line must not repeat it.
public enum TOMLSubsetProblem: Sendable, Equatable, CustomStringConvertible {
    /// The bytes of the line are not UTF-8.
    case invalidUTF8
    /// The line is neither a `[table]` header, a `key = value` pair, a comment nor blank.
    case expectedKey
    /// A key is not followed by `=`.
    case expectedEquals
    /// Nothing follows `=`.
    case missingValue
    /// A dotted key (`a.b = 1`), which names a sub-table.
    case dottedKey
    /// A value of a kind the subset does not read; `kind` reads as in "an array".
    case unsupportedValue(kind: String)
    /// A bare value that is not `true`, `false` or a number (often a string without quotes).
    case invalidValue
    /// A number that is not a valid TOML integer, or is outside the range of `Int64`.
    case invalidInteger
    /// A string with no closing quote on its line.
    case unterminatedString
    /// A backslash escape TOML does not define, or a `\u`/`\U` escape that is not a Unicode scalar.
    case invalidEscape
    /// A control character (other than tab) inside a string or key.
    case controlCharacter
    /// Something other than a comment after a value.
    case junkAfterValue
    /// A `[` header with no closing `]`, or with something other than a name inside.
    case invalidTableHeader
    /// A dotted table name (`[a.b]`), which names a sub-table.
    case dottedTableName
    /// An array of tables (`[[name]]`).
    case arrayOfTables
    /// Something other than a comment after a `[table]` header.
    case junkAfterTableHeader
    /// The key was already given in this table, on line `firstLine`.
    case duplicateKey(firstLine: Int)
    /// A table of this name was already defined, on line `firstLine` (as a `[table]`, or as a key
    /// before the first header).
    case duplicateTable(firstLine: Int)

    /// What is wrong and what to write instead, lower-case.
    public var description: String {
        switch self {
        case .invalidUTF8:
            return "the line is not UTF-8 text; save the file as UTF-8"
        case .expectedKey:
            return "expected a [table] header, a key = value line, a # comment or a blank line"
        case .expectedEquals:
            return "the key must be followed by = and a value"
        case .missingValue:
            return "the key has no value after =; give a quoted string, true, false or a whole number"
        case .dottedKey:
            return "dotted keys (a.b = ...) are not read here; use one plain or quoted key per line"
        case .unsupportedValue(let kind):
            return "\(kind) is not read here; only quoted strings, true, false and whole numbers are"
        case .invalidValue:
            return "the value is not a quoted string, true, false or a whole number; put text in double quotes"
        case .invalidInteger:
            return "the number is not a valid whole number (no leading zeros, underscores only between digits, within 64 bits)"
        case .unterminatedString:
            return "the string has no closing quote on this line; close it (multi-line strings are not read here)"
        case .invalidEscape:
            return "the string has an invalid escape; use \\\\ for a backslash, or one of \\b \\t \\n \\f \\r \\\" \\uXXXX \\UXXXXXXXX"
        case .controlCharacter:
            return "the string holds a control character; write it as an escape such as \\n or \\u0001"
        case .junkAfterValue:
            return "there is more after the value; keep one key = value per line, with an optional # comment"
        case .invalidTableHeader:
            return "the table header must be one plain or quoted name in brackets, such as [default]"
        case .dottedTableName:
            return "dotted table names ([a.b]) are not read here; use one plain or quoted name, such as [\"a.b\"]"
        case .arrayOfTables:
            return "arrays of tables ([[name]]) are not read here; use one [name] per table"
        case .junkAfterTableHeader:
            return "there is more after the table header; keep only an optional # comment after ]"
        case .duplicateKey(let firstLine):
            return "the key is already set on line \(firstLine) of this table; keep one of the two"
        case .duplicateTable(let firstLine):
            return "the table is already defined on line \(firstLine); merge the two into one"
        }
    }
}
