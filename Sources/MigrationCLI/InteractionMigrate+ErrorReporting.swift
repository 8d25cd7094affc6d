import Essentials

// The one place where errors become messages and exit statuses.
extension InteractionMigrate {
    /// Prints `error` on standard error as `error: <description>` and returns its exit status.
    ///
    /// - A ``CommandLineError`` adds its `see '... --help'` hint and exits 64; a missing
    ///   subcommand prints that command's help instead.
    /// - An error with a `description` (`CustomStringConvertible`) prints it, never
    ///   Foundation's "The operation could not be completed"; it exits with its
    ///   ``ExitCodeProviding/exitStatus``, or 1.
    /// - Anything else is a bug: an internal error asking for a report, exit 70.
    static func report(_ error: any Error, context: CommandContext) -> ExitCode {
        if let error = error as? CommandLineError {
            if case .missingSubcommand(let command, _) = error {
                context.printError(UsageFormatter(root: commandSpec).help(for: command.names))
            } else {
                context.printError("error: \(error.description)")
                context.printError(error.hint)
            }
            return error.exitStatus
        }
        let status = (error as? any ExitCodeProviding)?.exitStatus
        // Cast from `Any`: cast from `any Error`, the compiler assumes NSError bridging and
        // warns that it always succeeds, which it does not on Linux.
        if let described = (error as Any) as? any CustomStringConvertible {
            context.printError("error: \(described.description)")
            return status ?? .failure
        }
        if error is CancellationError {
            context.printError("error: cancelled before the command finished")
            return status ?? .failure
        }
        context.printError("error: internal error: \(String(reflecting: error)); please report this as a bug")
        return .internalError
    }
}
