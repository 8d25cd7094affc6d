import Essentials
import MigrationKit

/// `status`: not built yet (issue 12).
enum StatusCommand: Command {
    static let spec = CommandSpec(
        name: "status",
        summary: "Not built yet.",
        options: [])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        context.printError("error: 'status' is not built yet")
        return .failure
    }
}
