import Essentials

/// Something that cannot happen did: a bug in the tool, reported with a request to file it.
enum InternalError: Error, CustomStringConvertible, ExitCodeProviding {
    /// The parser accepted a command that the command table has no implementation for.
    case unimplementedCommand(CommandPath)

    var description: String {
        switch self {
        case .unimplementedCommand(let command):
            return "internal error: '\(command)' is declared but has no implementation; please report this as a bug"
        }
    }

    var exitStatus: ExitCode { .internalError }
}
