import Essentials
import Foundation
import MigrationKit
import OrgEmulator

/// `demo`: a whole migration between two emulated orgs, walked through the way an admin does it.
enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: "demo",
        summary: "Walk through a whole migration between two emulated orgs, on this machine, with no credentials.",
        discussion: """
            Starts the emulator's default source/destination pair in this process, in a \
            temporary working folder (kept with --keep), and runs the tool's own command lines \
            in it, printing each one as it goes: mappings generate (showing its ambiguous and \
            unmatched entries), the edits an admin would make to the mapping file, mappings \
            check, run --dry-run, run (interrupted with Ctrl-C after its first imported chunk), \
            status, run again to resume it, and verify. Exit 0 only when verify found every \
            record in the destination exactly once.

            Example:
              swift run -c release interaction-migrate demo
              interaction-migrate demo --records 20000 --days 14 --keep /tmp/demo
            """,
        options: [
            .option("records", valueName: "N", help: "Interactions in the source org, 100 to 200000.", defaultValue: "5000"),
            .option("days", valueName: "D", help: "Days of history they cover (one export window each), 1 to 31.", defaultValue: "7"),
            .option("seed", valueName: "S", help: "Seed of the generated orgs.", defaultValue: "1"),
            .option("keep", valueName: "DIR", help: "Work in DIR (new or empty) and keep it, instead of a temporary folder."),
        ])

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let records = try parsed.int("records", default: 5000, in: 100...200_000)
        let days = try parsed.int("days", default: 7, in: 1...31)
        let seed = try parsed.int("seed", default: 1, in: 0...Int.max)
        let folder = try DemoFolder(keep: parsed.value("keep"))
        defer { folder.finish() }
        let walkthrough = try DemoWalkthrough(records: records, days: days, seed: UInt64(seed), folder: folder.path, context: context)
        defer { walkthrough.stop() }
        let verified = try await walkthrough.run()
        context.print(folder.kept ? "the demo's files are in \(folder.path)" : "the demo's temporary folder is removed (keep it with --keep DIR)")
        return verified ? .success : .failure
    }
}
