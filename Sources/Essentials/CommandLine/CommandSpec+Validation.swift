// Checks that a tree of specs can be parsed unambiguously; a test over the tool's root spec
// catches a mistake in a new command before any user does.
extension CommandSpec {
    /// Every mistake in this spec and the specs below it, one sentence each; empty when the tree
    /// is sound. Checked: names, duplicate or reserved option names (`help`, `version`, `-h`),
    /// flags that are required or have defaults, required options with defaults, positional order,
    /// and commands with both subcommands and positionals.
    public func problems() -> [String] {
        problems(at: CommandPath(programName: name), inherited: [], isRoot: true)
    }

    private func problems(at command: CommandPath, inherited: [String], isRoot: Bool) -> [String] {
        var found: [String] = []
        func report(_ problem: String) { found.append("'\(command)': \(problem)") }

        if !isRoot, !Self.isWord(name) { report("the name '\(name)' is not a single word") }
        if summary.isEmpty { report("the summary is empty") }
        if !isRoot, version != nil { report("only the root may have a version") }

        var seenNames = Set(inherited)
        var seenShortNames = Set<Character>()
        for option in options {
            let spelling = option.spelling
            if !Self.isWord(option.name) { report("option '\(spelling)' is not a single word") }
            if !seenNames.insert(option.name).inserted {
                report("option '\(spelling)' is declared twice on the path")
            }
            if option.name == "help" || (isRoot && version != nil && option.name == "version") {
                report("option '\(spelling)' is reserved by the parser")
            }
            if let short = option.shortName {
                if !short.isLetter { report("short name '-\(short)' of '\(spelling)' is not a letter") }
                if short == "h" { report("short name '-h' of '\(spelling)' is reserved for help") }
                if !seenShortNames.insert(short).inserted { report("short name '-\(short)' is declared twice") }
            }
            if let valueName = option.valueName, valueName.isEmpty {
                report("option '\(spelling)' has an empty value name")
            }
            if !option.takesValue, option.isRequired { report("flag '\(spelling)' cannot be required") }
            if !option.takesValue, option.defaultValue != nil { report("flag '\(spelling)' cannot have a default") }
            if option.isRequired, option.defaultValue != nil {
                report("required option '\(spelling)' cannot have a default")
            }
        }

        var seenPositionals = Set<String>()
        for (index, positional) in positionals.enumerated() {
            if !seenPositionals.insert(positional.name).inserted {
                report("positional '<\(positional.name)>' is declared twice")
            }
            if positional.isRequired, index > 0, !positionals[index - 1].isRequired {
                report("required positional '<\(positional.name)>' follows an optional one")
            }
            if positional.isRepeatable, index != positionals.count - 1 {
                report("repeatable positional '<\(positional.name)>' is not the last one")
            }
        }
        if !subcommands.isEmpty, !positionals.isEmpty {
            report("a command with subcommands cannot take positionals")
        }

        var seenSubcommands = Set<String>()
        for subcommand in subcommands {
            if !seenSubcommands.insert(subcommand.name).inserted {
                report("subcommand '\(subcommand.name)' is declared twice")
            }
            found += subcommand.problems(
                at: command.appending(subcommand.name), inherited: Array(seenNames), isRoot: false)
        }
        return found
    }

    /// Whether `text` can be typed as one argument and cannot be taken for an option or a value.
    private static func isWord(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix("-") && !text.contains("=") && !text.contains(where: \.isWhitespace)
    }
}
