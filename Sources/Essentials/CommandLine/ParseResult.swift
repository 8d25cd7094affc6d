/// What a command line asks for, as understood by ``CommandLineParser``.
public enum ParseResult: Sendable, Equatable {
    /// Run the command at `parsed.path` with the given options and positionals.
    case command(ParsedCommand)
    /// Print the help of the command at `path` (empty for the root): `--help`, `-h` or `help ...`.
    case help(path: [String])
    /// Print the tool's version: `--version` at the root.
    case version
}
