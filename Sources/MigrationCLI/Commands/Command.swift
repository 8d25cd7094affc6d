import Essentials

/// A command the tool can run, such as `bench json`.
///
/// To add one: write a type conforming to `Command` in `Commands/<Group>/`, then list it in
/// ``CommandTable/root`` under its group. The parser checks the command line against ``spec``
/// before ``run(_:context:)`` is called, so required options are present and flags carry no
/// values; typed values (`parsed.int("records", in: 1...Int.max)`) are checked by `run`.
protocol Command {
    /// The command's name (the last word of its path), summary, options and positionals.
    static var spec: CommandSpec { get }

    /// Does the work and says how it went.
    ///
    /// Print results with `context.print` and progress or warnings with `context.printError`.
    /// Throw errors whose `description` tells the admin what to do: the top level prints
    /// `error: <description>` and exits with the error's ``ExitCodeProviding/exitStatus``,
    /// or ``ExitCode/failure`` when it has none.
    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode
}
