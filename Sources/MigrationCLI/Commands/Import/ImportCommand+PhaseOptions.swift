import Essentials
import MigrationKit

extension ImportCommand {
    /// The options that say how to import, shared with `run` (which names the chunks in flight
    /// `--import-concurrency`).
    static func phaseOptions(concurrency: String) -> [OptionSpec] {
        [
            .option("chunk-size", valueName: "N", help: "Records per chunk, 1 to 1000.", defaultValue: "1000"),
            .option(concurrency, valueName: "K", help: "Import jobs in flight at once.", defaultValue: "4"),
            .option("schema-version", valueName: "VERSION", help: "Schema version of the records exported and sent.", defaultValue: "v2.1"),
            .flag("reconcile-duplicates", help: "Also leave out records the destination already holds from chunks that were not in doubt."),
            .flag("new-state", help: "Start a fresh import record; the state file as it was is kept beside it."),
            .flag("yes", help: "Don't ask to confirm a destination that isn't on this machine (for unattended runs)."),
        ]
    }

    /// The import's options from the command line.
    static func phaseOptions(_ parsed: ParsedCommand, concurrency: String, context: CommandContext) throws -> ImportPhase.Options {
        let chunkSize = try parsed.int("chunk-size", default: 1000, in: 1...1000)
        let inFlight = try parsed.int(concurrency, default: 4, in: 1...16)
        let version = parsed.value("schema-version") ?? "v2.1"
        guard !version.isEmpty, version.utf8.count <= 32,
              version.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_" }) else {
            throw parsed.invalidValue("schema-version", expected: "a schema version such as v2.1")
        }
        var pauses = ImportTestPauses()
        if let text = context.environment[pauseVariable] {
            guard let parsedPauses = ImportTestPauses(text) else { throw ImportTestPausesError(text: text, variable: pauseVariable) }
            pauses = parsedPauses
        }
        return ImportPhase.Options(chunkSize: chunkSize, concurrency: inFlight, schemaVersion: version,
                                   reconcileDuplicates: parsed.flag("reconcile-duplicates"), newState: parsed.flag("new-state"),
                                   testPauses: pauses)
    }
}
