import Essentials
import Foundation

/// Entry point of the command line: parses the arguments, runs the command and returns the exit status.
///
/// `--version`, `help [command ...]` and `--help` / `-h` on any command print to standard output
/// and exit 0. Run without arguments, or with a group but no subcommand (`bench`), the tool
/// prints that command's help to standard error and exits 64, as for any other usage error:
/// nothing was asked for, and a script that forgot its arguments should not look successful.
public enum InteractionMigrate {
    /// The program name used in usage text and messages.
    public static let programName = "interaction-migrate"

    /// The tool's version, printed by `--version`.
    public static let version = "0.1.0"

    /// The spec of every command, as the parser and the help text see it.
    public static var commandSpec: CommandSpec {
        CommandTable.root.spec
    }

    /// Runs the tool with `arguments` (without the program name) on the process's standard
    /// streams and returns the exit status.
    public static func main(_ arguments: [String]) async -> Int32 {
        await run(arguments, output: StandardStreams())
    }

    /// Runs the tool with `arguments` (without the program name), writing to `output`, and
    /// returns the exit status. Tests call this with a sink that captures the text.
    public static func run(
        _ arguments: [String], output: any OutputSink,
        environment: [String: String] = ProcessInfo.processInfo.environment, input: any InputSource = StandardInput()
    ) async -> Int32 {
        let context = CommandContext(output: output, environment: environment, input: input)
        do {
            return try await dispatch(arguments, context: context).rawValue
        } catch {
            return report(error, context: context).rawValue
        }
    }

    /// Parses `arguments` and does what they ask.
    private static func dispatch(_ arguments: [String], context: CommandContext) async throws -> ExitCode {
        let table = CommandTable.root
        let spec = table.spec
        switch try CommandLineParser(root: spec).parse(arguments) {
        case .version:
            context.print("\(programName) \(version)")
            return .success
        case .help(let path):
            context.print(UsageFormatter(root: spec).help(for: path))
            return .success
        case .command(let parsed):
            guard let command = table.command(at: parsed.path[...]) else {
                throw InternalError.unimplementedCommand(parsed.command)
            }
            return try await command.run(parsed, context: context)
        }
    }
}
