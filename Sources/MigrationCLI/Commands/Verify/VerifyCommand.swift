import Essentials
import MigrationKit

/// `verify`: not built yet (issue 12).
enum VerifyCommand: Command {
    static let spec = CommandSpec(
        name: "verify",
        summary: "Not built yet.",
        options: [])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        context.printError("error: 'verify' is not built yet")
        return .failure
    }
}
