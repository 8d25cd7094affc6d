import Essentials
import Foundation

/// What an admin should run next for a migration, as `status` ends with it: one command line and
/// the one-line reason for it.
public struct NextStep: Sendable, Equatable {
    /// The program every command line starts with.
    public static let program = "interaction-migrate"

    /// The words after ``program``: `["import", "--name", "acme", "--dest-region", "eu-west-1"]`.
    public var arguments: [String]
    /// Why this is the next step, and what to do before running it when something must be
    /// decided or filled in first.
    public var reason: String
    /// Whether the command holds placeholders (`REGION`, `YYYY-MM-DD`) the admin must replace:
    /// the reason says which.
    public var hasPlaceholders: Bool

    public init(arguments: [String], reason: String, hasPlaceholders: Bool = false) {
        self.arguments = arguments
        self.reason = reason
        self.hasPlaceholders = hasPlaceholders
    }

    /// The command line to type in a POSIX shell: words quoted only where the shell would
    /// split or expand them.
    public var command: String {
        ([Self.program] + arguments).map(Self.quoted).joined(separator: " ")
    }

    /// `word` as one shell word: unchanged when it is made of characters no shell treats
    /// specially, else in single quotes (a quote inside written `'\''`).
    public static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", ":", "@", "%", "+", ",", "=": return true
            default: return false
            }
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `{"command": ..., "arguments": [...], "reason": ..., "placeholders": bool}`.
    public var jsonValue: JSONValue {
        .object(JSONObject([
            ("command", .string(command)), ("arguments", .array(([Self.program] + arguments).map(JSONValue.string))),
            ("reason", .string(reason)), ("placeholders", .bool(hasPlaceholders)),
        ]))
    }
}
