/// Declares a command: its name, help text, options, positionals and subcommands.
///
/// A tree of specs describes a whole tool; the root's `name` is the program name. A command either
/// has subcommands (a group such as `mappings`, which only chooses among them) or runs itself;
/// it never has both subcommands and positionals. A group's options must be given before its
/// subcommand's name.
public struct CommandSpec: Sendable, Equatable {
    /// The word that selects the command (`generate`), or the program name for the root.
    public var name: String
    /// One line saying what the command does, shown in help and in its parent's SUBCOMMANDS list.
    public var summary: String
    /// An optional paragraph (or paragraphs separated by a blank line) shown below the summary.
    public var discussion: String?
    /// The tool's version, on the root only: when set, `--version` is accepted at the root.
    public var version: String?
    /// The named options, in the order help lists them.
    public var options: [OptionSpec]
    /// The positional arguments, in the order they are given.
    public var positionals: [PositionalSpec]
    /// The subcommands, in the order help lists them.
    public var subcommands: [CommandSpec]

    /// Declares a command.
    public init(
        name: String,
        summary: String,
        discussion: String? = nil,
        version: String? = nil,
        options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [],
        subcommands: [CommandSpec] = []
    ) {
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.version = version
        self.options = options
        self.positionals = positionals
        self.subcommands = subcommands
    }

    /// The option declared with long name `name`, if any.
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }

    /// The option declared with short name `short`, if any.
    public func option(short: Character) -> OptionSpec? {
        options.first { $0.shortName == short }
    }

    /// The subcommand called `name`, if any.
    public func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }

    /// The command reached by following `path` from this one, if every name exists.
    ///
    /// At the root this includes the `help` pseudo-command the parser offers.
    public func descendant(at path: [String]) -> CommandSpec? {
        var current = self
        for (depth, name) in path.enumerated() {
            guard let next = current.choices(isRoot: depth == 0).first(where: { $0.name == name }) else {
                return nil
            }
            current = next
        }
        return current
    }
}

// MARK: - The help pseudo-command

extension CommandSpec {
    /// The name of the pseudo-command that prints help: `tool help mappings generate`.
    static let helpCommandName = "help"

    /// The spec of the `help` pseudo-command, so that `help --help` and usage text work like any command's.
    static let helpCommand = CommandSpec(
        name: helpCommandName,
        summary: "Show help for a command.",
        positionals: [
            PositionalSpec(
                "command", help: "The command to explain, such as 'mappings generate'.",
                isRequired: false, isRepeatable: true)
        ])

    /// Whether the parser adds the `help` pseudo-command under this (root) command.
    var offersHelpCommand: Bool {
        !subcommands.isEmpty && subcommand(named: Self.helpCommandName) == nil
    }

    /// The subcommands a user can choose here: the declared ones, plus `help` at a root that offers it.
    func choices(isRoot: Bool) -> [CommandSpec] {
        isRoot && offersHelpCommand ? subcommands + [Self.helpCommand] : subcommands
    }
}
