/// A command line the parser understood: which command to run and what it was given.
///
/// Options are looked up by long name without dashes (`value("to")`). Asking for a name the
/// command does not declare is a programming error: it stops debug builds and reads as absent
/// otherwise. Typed access (`int`, `double`, ...) is in `ParsedCommand+TypedValues.swift`.
public struct ParsedCommand: Sendable, Equatable {
    /// The command, with the program name for messages.
    public let command: CommandPath
    /// The positional arguments, in order.
    public let positionals: [String]
    /// The options declared by the command and by the groups above it, by long name.
    let declaredOptions: [String: OptionSpec]
    /// The positionals the command declares.
    let declaredPositionals: [PositionalSpec]
    /// The values given to options that take one, in the order given.
    let givenValues: [String: [String]]
    /// How many times each flag was given.
    let flagCounts: [String: Int]

    init(
        command: CommandPath,
        positionals: [String],
        declaredOptions: [String: OptionSpec],
        declaredPositionals: [PositionalSpec],
        givenValues: [String: [String]],
        flagCounts: [String: Int]
    ) {
        self.command = command
        self.positionals = positionals
        self.declaredOptions = declaredOptions
        self.declaredPositionals = declaredPositionals
        self.givenValues = givenValues
        self.flagCounts = flagCounts
    }

    /// The subcommand path, such as `["mappings", "generate"]`.
    public var path: [String] { command.names }

    /// Whether the flag `name` was given.
    public func flag(_ name: String) -> Bool {
        assert(declaredOptions[name].map { !$0.takesValue } ?? false, "'\(name)' is not a flag of '\(command)'")
        return flagCounts[name, default: 0] > 0
    }

    /// Whether the option or flag `name` was given on the command line (defaults don't count).
    public func isGiven(_ name: String) -> Bool {
        assert(declaredOptions[name] != nil, "'\(name)' is not an option of '\(command)'")
        return givenValues[name] != nil || flagCounts[name] != nil
    }

    /// The value of option `name`: the last one given, else its spec's default, else `nil`.
    public func value(_ name: String) -> String? {
        values(name).last
    }

    /// Every value given to option `name`, in order; when none was given, its spec's default
    /// (if any) as the only value.
    public func values(_ name: String) -> [String] {
        guard let option = declaredOptions[name], option.takesValue else {
            assertionFailure("'\(name)' is not an option with a value of '\(command)'")
            return []
        }
        if let given = givenValues[name] { return given }
        return option.defaultValue.map { [$0] } ?? []
    }

    /// The positional argument declared as `name`, or `nil` when it was optional and not given.
    /// For a repeatable positional this is its first value; see ``positionalValues(_:)``.
    public func positional(_ name: String) -> String? {
        positionalValues(name).first
    }

    /// Every value of the positional declared as `name`: one at most, or all the remaining
    /// arguments for the last, repeatable positional.
    public func positionalValues(_ name: String) -> [String] {
        guard let index = declaredPositionals.firstIndex(where: { $0.name == name }) else {
            assertionFailure("'\(name)' is not a positional argument of '\(command)'")
            return []
        }
        guard index < positionals.count else { return [] }
        let isLast = index == declaredPositionals.count - 1
        return isLast ? Array(positionals[index...]) : [positionals[index]]
    }
}
