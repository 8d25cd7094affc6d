import Essentials
import MigrationKit

/// `status`: where a migration stands, per phase and window, and the exact command to run next.
enum StatusCommand: Command {
    static let spec = CommandSpec(
        name: "status",
        summary: "Show per phase and per window what is done, pending and failed, and the exact command to run next.",
        discussion: """
            Reads mappings/NAME.json and the state file only: no org is asked anything, no lock \
            is taken and nothing is written, so it can run while another command (an import) is \
            working on the migration. Per phase a line of totals and one line per window: export \
            windows with their records and last error; transformed windows with records in and \
            out, rejected, and blocked by unmapped references; import windows with chunks \
            completed, submitted, in doubt, failed and not yet sent, records imported and the last \
            error. The last line is the command to run next, with the options it needs (the orgs' \
            regions or API bases from the mapping file, the export range from the recorded \
            windows); words in capitals (REGION, YYYY-MM-DD) are placeholders to fill in, as the \
            reason above it says. Exit 0 when the status could be read, whatever it says; 3 when \
            nothing is recorded for NAME (no mapping file, no state file).

            Example:

              interaction-migrate status --name acme
              interaction-migrate status --name acme --workspace /srv/migrations --json
            """,
        options: [
            .option("name", valueName: "NAME", help: "The migration's name.", isRequired: true),
            .option("workspace", valueName: "DIR", help: "Folder holding mappings/ and state/.", defaultValue: "."),
            .flag("json", help: "Print the status as JSON on standard output, with \"next\": {\"command\", \"reason\"}."),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        let status = try await MigrationStatus.read(workspace)
        if parsed.flag("json") {
            context.print(String(decoding: try JSONWriter.pretty(status.jsonValue, sortedKeys: false), as: UTF8.self))
        } else {
            for line in status.lines { context.print(line) }
        }
        return status.isRecorded ? .success : .needsAttention
    }
}
