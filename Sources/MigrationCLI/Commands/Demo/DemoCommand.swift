import Essentials
import MigrationKit

/// `demo`: not built yet (issue 12).
enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: "demo",
        summary: "Not built yet.",
        options: [])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        context.printError("error: 'demo' is not built yet")
        return .failure
    }
}
