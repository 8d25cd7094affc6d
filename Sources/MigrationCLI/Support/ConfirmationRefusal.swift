/// Why a command that writes to the destination stopped before its first write.
enum ConfirmationRefusal: Error, CustomStringConvertible, ExitCodeProviding {
    /// No one can answer (a script, cron, a pipe) and `--yes` wasn't given.
    case noTerminal(org: String, command: String)
    /// The name typed was not the org's.
    case notConfirmed(org: String)

    var description: String {
        switch self {
        case .noTerminal(let org, let command):
            return "\(command) would write to the destination org \(org), and standard input is not a terminal to confirm it; nothing was sent. Run it from a terminal to type the org's name, or add --yes once you are sure this is the destination"
        case .notConfirmed(let org):
            return "the name typed is not the destination org's name; nothing was sent to \(org). Run again and type the name exactly as shown, or check --dest-region/--dest-api/--dest-profile if this is not the org you meant"
        }
    }

    var exitStatus: ExitCode { .usage }
}
