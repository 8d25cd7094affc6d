/// Parses a command line (the arguments after the program name) against a tree of ``CommandSpec``.
///
/// Accepted forms:
/// - subcommands by name, nested: `mappings generate`;
/// - flags `--dry-run`; options `--to VALUE`, `--to=VALUE` (`--to=` gives an empty value) and,
///   for short names, `-t VALUE`. A separate value may not start with `-` unless it is `-` itself
///   or a negative number; write `--to=-x` for such values;
/// - `--` ends options: every later argument is positional;
/// - `-h` / `--help` anywhere before `--` asks for the help of the command reached so far, and
///   wins over any mistake elsewhere on the line;
/// - `help [command ...]` at a root with subcommands, and `--version` at a root with a version.
///
/// Options belong to the command whose name precedes them: a group's options come before its
/// subcommand's name. All errors are ``CommandLineError``s.
public struct CommandLineParser: Sendable {
    /// The root command; its name is the program name used in messages.
    public let root: CommandSpec

    /// Makes a parser for the tool described by `root`.
    public init(root: CommandSpec) {
        self.root = root
    }

    /// Parses `arguments` (without the program name) into a command to run or a request for
    /// help or the version.
    public func parse(_ arguments: [String]) throws(CommandLineError) -> ParseResult {
        var state = State(root: root)
        var index = 0
        do {
            while index < arguments.count {
                let token = arguments[index]
                index += 1
                if let early = try step(token, arguments: arguments, index: &index, state: &state) {
                    return early
                }
            }
        } catch {
            if Self.asksForHelp(arguments[index...]) { return .help(path: state.command.names) }
            throw error
        }
        return try finish(state)
    }

    // MARK: - State

    /// What has been understood so far.
    private struct State {
        var spec: CommandSpec
        var command: CommandPath
        /// Every command from the root down to `spec`, for required-option checks.
        var lineage: [(spec: CommandSpec, command: CommandPath)]
        var givenValues: [String: [String]] = [:]
        var flagCounts: [String: Int] = [:]
        var positionals: [String] = []
        var optionsEnded = false
        var isHelpCommand = false

        init(root: CommandSpec) {
            spec = root
            command = CommandPath(programName: root.name)
            lineage = [(root, command)]
        }

        var isAtRoot: Bool { command.names.isEmpty }

        mutating func descend(into subcommand: CommandSpec) {
            spec = subcommand
            command = command.appending(subcommand.name)
            lineage.append((subcommand, command))
        }
    }

    // MARK: - One argument at a time

    /// Handles `token`; returns a result when the line asks for help or the version.
    private func step(
        _ token: String, arguments: [String], index: inout Int, state: inout State
    ) throws(CommandLineError) -> ParseResult? {
        if state.optionsEnded {
            try addPositional(token, state: &state)
            return nil
        }
        if token == "--" {
            state.optionsEnded = true
            return nil
        }
        if token == "-h" || token == "--help" {
            return .help(path: state.command.names)
        }
        if token == "--version", state.isAtRoot, root.version != nil {
            return .version
        }
        if token.hasPrefix("--") {
            try parseLongOption(token, arguments: arguments, index: &index, state: &state)
        } else if token.hasPrefix("-"), token != "-", !Self.isNegativeNumber(token) {
            try parseShortOption(token, arguments: arguments, index: &index, state: &state)
        } else if !state.spec.choices(isRoot: state.isAtRoot).isEmpty {
            try chooseSubcommand(token, state: &state)
        } else {
            try addPositional(token, state: &state)
        }
        return nil
    }

    private func parseLongOption(
        _ token: String, arguments: [String], index: inout Int, state: inout State
    ) throws(CommandLineError) {
        let body = token.dropFirst(2)
        let name: String
        let inlineValue: String?
        if let equals = body.firstIndex(of: "=") {
            name = String(body[..<equals])
            inlineValue = String(body[body.index(after: equals)...])
        } else {
            name = String(body)
            inlineValue = nil
        }
        guard let option = state.spec.option(named: name) else {
            if let inlineValue, name == "help" || (name == "version" && state.isAtRoot && root.version != nil) {
                throw .unexpectedValue(flag: "--" + name, value: inlineValue, command: state.command)
            }
            let suggestion = SpellingSuggester.suggestion(for: name, among: longNames(of: state))
            throw .unknownOption("--" + name, command: state.command, suggestion: suggestion.map { "--" + $0 })
        }
        try record(option, spelled: "--" + name, inlineValue: inlineValue, arguments: arguments, index: &index, state: &state)
    }

    private func parseShortOption(
        _ token: String, arguments: [String], index: inout Int, state: inout State
    ) throws(CommandLineError) {
        let body = token.dropFirst()
        if body.count == 1, let option = state.spec.option(short: body.first!) {
            try record(option, spelled: token, inlineValue: nil, arguments: arguments, index: &index, state: &state)
            return
        }
        // `-to` is usually `--to` with a dash missing; a single letter has nothing to be near.
        let suggestion = body.count > 1
            ? SpellingSuggester.suggestion(for: String(body), among: longNames(of: state)).map { "--" + $0 }
            : nil
        throw .unknownOption(token, command: state.command, suggestion: suggestion)
    }

    /// Stores one occurrence of `option`, taking its value from `inlineValue` or the next argument.
    private func record(
        _ option: OptionSpec, spelled: String, inlineValue: String?,
        arguments: [String], index: inout Int, state: inout State
    ) throws(CommandLineError) {
        let alreadyGiven = state.givenValues[option.name] != nil || state.flagCounts[option.name] != nil
        if alreadyGiven, !option.isRepeatable {
            throw .repeatedOption(option.spelling, command: state.command)
        }
        guard let valueName = option.valueName else {
            if let inlineValue {
                throw .unexpectedValue(flag: spelled, value: inlineValue, command: state.command)
            }
            state.flagCounts[option.name, default: 0] += 1
            return
        }
        let value: String
        if let inlineValue {
            value = inlineValue
        } else if index < arguments.count, Self.canBeValue(arguments[index]) {
            value = arguments[index]
            index += 1
        } else {
            throw .missingValue(option: spelled, valueName: valueName, command: state.command)
        }
        state.givenValues[option.name, default: []].append(value)
    }

    private func chooseSubcommand(_ name: String, state: inout State) throws(CommandLineError) {
        let choices = state.spec.choices(isRoot: state.isAtRoot)
        guard let subcommand = choices.first(where: { $0.name == name }) else {
            let suggestion = SpellingSuggester.suggestion(for: name, among: choices.map(\.name))
            throw .unknownCommand(name, command: state.command, suggestion: suggestion)
        }
        state.isHelpCommand = state.isAtRoot && root.offersHelpCommand && name == CommandSpec.helpCommandName
        state.descend(into: subcommand)
    }

    private func addPositional(_ token: String, state: inout State) throws(CommandLineError) {
        let declared = state.spec.positionals
        guard state.positionals.count < declared.count || declared.last?.isRepeatable == true else {
            throw .unexpectedArgument(token, command: state.command)
        }
        state.positionals.append(token)
    }

    // MARK: - End of the line

    private func finish(_ state: State) throws(CommandLineError) -> ParseResult {
        let choices = state.spec.choices(isRoot: state.isAtRoot)
        if !choices.isEmpty {
            throw .missingSubcommand(command: state.command, available: state.spec.subcommands.map(\.name))
        }
        for (spec, command) in state.lineage {
            for option in spec.options where option.isRequired && state.givenValues[option.name] == nil {
                throw .missingRequiredOption(option.spelling, command: command)
            }
        }
        let required = state.spec.positionals.prefix { $0.isRequired }
        if state.positionals.count < required.count {
            throw .missingArgument(required[state.positionals.count].name, command: state.command)
        }
        if state.isHelpCommand {
            return .help(path: try helpTopic(state.positionals))
        }
        var declaredOptions: [String: OptionSpec] = [:]
        for (spec, _) in state.lineage {
            for option in spec.options { declaredOptions[option.name] = option }
        }
        return .command(
            ParsedCommand(
                command: state.command,
                positionals: state.positionals,
                declaredOptions: declaredOptions,
                declaredPositionals: state.spec.positionals,
                givenValues: state.givenValues,
                flagCounts: state.flagCounts))
    }

    /// Resolves the words after `help` into the path of an existing command.
    private func helpTopic(_ words: [String]) throws(CommandLineError) -> [String] {
        var state = State(root: root)
        for word in words {
            try chooseSubcommand(word, state: &state)
        }
        return state.command.names
    }

    // MARK: - Helpers

    /// The long names a mistyped option may have meant at this point of the line.
    private func longNames(of state: State) -> [String] {
        state.spec.options.map(\.name) + ["help"] + (state.isAtRoot && root.version != nil ? ["version"] : [])
    }

    /// Whether a `-h` or `--help` appears among `arguments` before any `--`.
    private static func asksForHelp(_ arguments: ArraySlice<String>) -> Bool {
        for argument in arguments {
            if argument == "--" { return false }
            if argument == "-h" || argument == "--help" { return true }
        }
        return false
    }

    /// Whether a separate argument can be an option's value rather than the next option.
    private static func canBeValue(_ argument: String) -> Bool {
        !argument.hasPrefix("-") || argument == "-" || isNegativeNumber(argument)
    }

    private static func isNegativeNumber(_ argument: String) -> Bool {
        argument.hasPrefix("-") && argument.dropFirst().first?.isNumber == true && Double(argument) != nil
    }
}
