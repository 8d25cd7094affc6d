import Essentials
import MigrationKit

/// `run`: not built yet (issue 12).
enum RunCommand: Command {
    static let spec = CommandSpec(
        name: "run",
        summary: "Not built yet.",
        options: [])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        context.printError("error: 'run' is not built yet")
        return .failure
    }
}
