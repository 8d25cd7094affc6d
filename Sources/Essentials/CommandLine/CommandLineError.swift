/// Why a command line could not be understood.
///
/// Every case is a usage error: the tool should exit with status 64 (`EX_USAGE`), print
/// `error: ` followed by ``description`` on standard error, and then the ``hint`` line.
public enum CommandLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option the command does not declare; `suggestion` is the declared spelling it is closest to.
    case unknownOption(String, command: CommandPath, suggestion: String?)
    /// A word where a subcommand name was expected that names none; `suggestion` is the closest name.
    case unknownCommand(String, command: CommandPath, suggestion: String?)
    /// A command group was given without choosing one of its subcommands (`available`).
    case missingSubcommand(command: CommandPath, available: [String])
    /// An option that takes a value was last on the line or followed by another option;
    /// `option` is spelled as typed and `valueName` is the placeholder from its spec.
    case missingValue(option: String, valueName: String, command: CommandPath)
    /// A flag, which takes no value, was written with one: `--dry-run=yes`.
    case unexpectedValue(flag: String, value: String, command: CommandPath)
    /// An option that is not repeatable was given more than once.
    case repeatedOption(String, command: CommandPath)
    /// A required option was not given.
    case missingRequiredOption(String, command: CommandPath)
    /// A required positional argument (named as in help, `<name>`) was not given.
    case missingArgument(String, command: CommandPath)
    /// A positional argument beyond those the command takes.
    case unexpectedArgument(String, command: CommandPath)
    /// An option's value is not of the form the command needs; `expected` reads as in
    /// "needs a whole number" (for example `a whole number`).
    case invalidValue(option: String, value: String, expected: String, command: CommandPath)

    /// What was wrong, naming the input and the command; lower-case, no trailing period.
    public var description: String {
        switch self {
        case .unknownOption(let option, let command, let suggestion):
            return "unknown option '\(option)' for '\(command)'" + Self.didYouMean(suggestion)
        case .unknownCommand(let name, let command, let suggestion):
            return "unknown command '\(name)' for '\(command)'" + Self.didYouMean(suggestion)
        case .missingSubcommand(let command, let available):
            let choices = available.map { "'\($0)'" }.joined(separator: ", ")
            return "'\(command)' needs a subcommand: one of \(choices)"
        case .missingValue(let option, let valueName, let command):
            return "option '\(option)' of '\(command)' needs a value (\(valueName))"
        case .unexpectedValue(let flag, let value, let command):
            return "flag '\(flag)' of '\(command)' takes no value; remove '=\(value)'"
        case .repeatedOption(let option, let command):
            return "option '\(option)' of '\(command)' can be given only once"
        case .missingRequiredOption(let option, let command):
            return "missing required option '\(option)' for '\(command)'"
        case .missingArgument(let name, let command):
            return "missing required argument '<\(name)>' for '\(command)'"
        case .unexpectedArgument(let argument, let command):
            return "unexpected argument '\(argument)' for '\(command)'"
        case .invalidValue(let option, let value, let expected, let command):
            return "option '\(option)' of '\(command)' needs \(expected), got '\(value)'"
        }
    }

    /// The command the error is about.
    public var command: CommandPath {
        switch self {
        case .unknownOption(_, let command, _), .unknownCommand(_, let command, _),
            .missingSubcommand(let command, _), .missingValue(_, _, let command),
            .unexpectedValue(_, _, let command), .repeatedOption(_, let command),
            .missingRequiredOption(_, let command), .missingArgument(_, let command),
            .unexpectedArgument(_, let command), .invalidValue(_, _, _, let command):
            return command
        }
    }

    /// A second line telling the user where to read how the command is used:
    /// `see 'interaction-migrate mappings generate --help'`.
    public var hint: String {
        "see '\(command.invocation) --help'"
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }
}
