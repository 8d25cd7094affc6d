/// Names a command the way messages and hints refer to it: the program name and the subcommand path.
public struct CommandPath: Sendable, Hashable, CustomStringConvertible {
    /// The program name, the root command's name: `interaction-migrate`.
    public var programName: String
    /// The subcommand names below the root, such as `["mappings", "generate"]`; empty for the root.
    public var names: [String]

    /// Names the command reached by `names` below the program `programName`.
    public init(programName: String, names: [String] = []) {
        self.programName = programName
        self.names = names
    }

    /// The name used in messages: the subcommand path joined by spaces (`mappings generate`),
    /// or the program name for the root.
    public var description: String {
        names.isEmpty ? programName : names.joined(separator: " ")
    }

    /// The command line that selects the command: `interaction-migrate mappings generate`.
    public var invocation: String {
        ([programName] + names).joined(separator: " ")
    }

    /// The path of the subcommand `name` of this command.
    public func appending(_ name: String) -> CommandPath {
        CommandPath(programName: programName, names: names + [name])
    }
}
