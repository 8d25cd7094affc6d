import Essentials

/// Why a mapping file was refused. Every case names the file; those about one place in it name
/// the entry (`queues[12] ("Billing Support")`, `source`, `the top level`) and the field, and the
/// description says how to fix it.
public enum MappingFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not valid JSON: the problem is on `line` (1-based) at byte `column` (1-based)
    /// of that line.
    case invalidJSON(path: String, line: Int, column: Int, reason: String)
    /// `formatVersion` is a number other than the one this tool reads (``MappingFile/formatVersion``).
    case unsupportedFormatVersion(path: String, found: Int64)
    /// A required field is absent.
    case missingField(path: String, entry: String, field: String)
    /// A field (or, when `field` is `nil`, the entry itself) has the wrong JSON type.
    case wrongType(path: String, entry: String, field: String?, expected: String, found: String)
    /// A field has the right type but a value the format does not allow (an empty id, a time that
    /// is not ISO 8601).
    case invalidValue(path: String, entry: String, field: String, value: String, expected: String)
    /// An entry's `match` is not one of the six ``MappingMatch`` spellings.
    case unknownMatch(path: String, entry: String, value: String)
    /// Two entries of one list have the same `sourceId`; `otherEntry` is the first of them.
    case duplicateSourceId(path: String, entry: String, sourceId: String, otherEntry: String)
    /// An `exact`, `normalized` or `manual` entry has no `destinationId` (absent or null).
    case missingDestinationId(path: String, entry: String, match: MappingMatch)
    /// An `ambiguous`, `unmatched` or `excluded` entry has a `destinationId`.
    case unexpectedDestinationId(path: String, entry: String, match: MappingMatch)

    /// The file, the place, the problem, and what to do, lower-case.
    public var description: String {
        switch self {
        case let .invalidJSON(path, line, column, reason):
            return "\(path): invalid JSON on line \(line) at byte \(column): \(reason); "
                + "fix the syntax there (a missing comma or quote is typical) or generate the file again"
        case let .unsupportedFormatVersion(path, found):
            return "\(path): \"formatVersion\" is \(found) but this version of interaction-migrate reads format "
                + "\(MappingFile.formatVersion); generate the file again with this version"
        case let .missingField(path, entry, field):
            return "\(path): \(entry): \"\(field)\" is missing; add it, or generate the file again"
        case let .wrongType(path, entry, field?, expected, found):
            return "\(path): \(entry): \"\(field)\" is \(found); it must be \(expected)"
        case let .wrongType(path, entry, nil, expected, found):
            return "\(path): \(entry) is \(found); it must be \(expected)"
        case let .invalidValue(path, entry, field, value, expected):
            return "\(path): \(entry): \"\(field)\" is \(value); it must be \(expected)"
        case let .unknownMatch(path, entry, value):
            return "\(path): \(entry): \"match\" is \(Self.quoted(value)); use one of \(MappingMatch.spellings)"
        case let .duplicateSourceId(path, entry, sourceId, otherEntry):
            return "\(path): \(entry): \"sourceId\" \(Self.quoted(sourceId)) is also the sourceId of \(otherEntry); "
                + "keep one entry per source entity and delete the other"
        case let .missingDestinationId(path, entry, match):
            let fix = match == .manual
                ? "set \"destinationId\" to the destination entity's id, or set \"match\" to \"excluded\""
                : "generate the file again, or set \"match\" to \"manual\" with the destination entity's id"
            return "\(path): \(entry): \"match\" is \"\(match)\" but \"destinationId\" is missing or null; \(fix)"
        case let .unexpectedDestinationId(path, entry, match):
            return "\(path): \(entry): \"destinationId\" is set but \"match\" is \"\(match)\"; "
                + "set \"match\" to \"manual\" to use that destination, or set \"destinationId\" to null"
        }
    }

    /// `text` as a JSON string literal, so an empty or odd value is visible.
    static func quoted(_ text: String) -> String {
        (try? JSONWriter.string(.string(text), style: .compact)) ?? "\"\(text)\""
    }
}
