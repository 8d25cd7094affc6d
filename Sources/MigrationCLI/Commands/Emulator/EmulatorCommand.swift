import Essentials
import OrgEmulator

/// `emulator`: serves emulated Genesys Cloud orgs on loopback until SIGINT or SIGTERM.
enum EmulatorCommand: Command {
    static let spec = CommandSpec(
        name: "emulator",
        summary: "Serve emulated Genesys Cloud orgs on loopback, for tests and rehearsals.",
        discussion: """
            Starts the default source/destination pair (or the orgs of --config), prints one JSON line \
            with each org's API base and emulator-only credentials, then serves until interrupted. \
            Knob options apply to every org. The credentials exist only in the emulator; use them \
            as SOURCE_CLIENT_ID/SOURCE_CLIENT_SECRET and DEST_CLIENT_ID/DEST_CLIENT_SECRET, with \
            --source-api and --dest-api set to the orgs' apiBase.

            Example:

              interaction-migrate emulator --port 0 --records 5000
              interaction-migrate emulator --records 20000 --days 14 --rate-limit 180 --fault-503 0.02
              interaction-migrate emulator --real-org-mode
            """,
        options: [
            .option("port", valueName: "N", help: "First port; orgs take N, N+1, ..., storage the next. 0 picks free ports.", defaultValue: "0"),
            .option("seed", valueName: "S", help: "Seed of the generated content.", defaultValue: "1"),
            .option("records", valueName: "N", help: "Interactions in the source org.", defaultValue: "5000"),
            .option("days", valueName: "D", help: "Days of history the interactions cover.", defaultValue: "7"),
            .option("from", valueName: "DATE", help: "First day of history (YYYY-MM-DD, UTC).", defaultValue: "2024-01-01"),
            .option("config", valueName: "FILE", help: "A JSON file describing the orgs to serve instead of the default pair."),
        ] + EmulatorKnobOptions.options)

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let setup = try EmulatorKnobOptions.setup(from: parsed)
        let definitions: [Emulator.OrgDefinition]
        if let path = parsed.value("config") {
            definitions = try EmulatorConfigFile.load(path: path, defaults: setup)
        } else {
            definitions = setup.defaultPair()
        }
        let port = try parsed.int("port", default: 0, in: 0...65_535)
        let emulator = try Emulator(orgs: definitions, port: UInt16(port), seed: setup.seed)
        context.print(emulator.infoLine)
        let signal = await SignalWaiter.waitForTermination()
        emulator.shutdown()
        context.printError("emulator: stopped on signal \(signal)")
        return .success
    }
}
