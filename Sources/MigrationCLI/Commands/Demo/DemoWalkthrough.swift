import Essentials
import Foundation
import MigrationKit
import OrgEmulator

/// The demo's steps: an emulated org pair served from this process, and the tool's own command
/// lines run against it in the demo's folder, each printed before it runs.
final class DemoWalkthrough: Sendable {
    static let name = "demo"

    let records: Int
    let days: Int
    let folder: String
    let context: CommandContext
    let emulator: Emulator
    let source: Emulator.OrgEndpoint
    let destination: Emulator.OrgEndpoint
    let child: ChildCommand
    let from: ISOTimestamp
    let to: ISOTimestamp

    init(records: Int, days: Int, seed: UInt64, folder: String, context: CommandContext) throws {
        self.records = records
        self.days = days
        self.folder = folder
        self.context = context
        from = ISOTimestamp(year: 2024, month: 1, day: 1)
        to = from.adding(milliseconds: Int64(days) * 86_400_000)
        let setup = EmulatorSetup(seed: seed, records: records, days: days, from: from, knobs: OrgKnobs())
        emulator = try Emulator(orgs: setup.defaultPair(), port: 0, seed: seed)
        guard let source = emulator.endpoint("source"), let destination = emulator.endpoint("destination") else {
            emulator.shutdown()
            throw DemoFailure(step: "starting the emulator", reason: "the default pair has no source or destination org")
        }
        self.source = source
        self.destination = destination
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SOURCE_") && !$0.key.hasPrefix("DEST_") && !$0.key.hasPrefix("INTERACTION_MIGRATE_TEST")
        }
        environment["SOURCE_CLIENT_ID"] = source.clientId
        environment["SOURCE_CLIENT_SECRET"] = source.clientSecret
        environment["DEST_CLIENT_ID"] = destination.clientId
        environment["DEST_CLIENT_SECRET"] = destination.clientSecret
        child = ChildCommand(folder: folder, environment: environment)
    }

    func stop() { emulator.shutdown() }

    /// Runs every step; true when verify found the migration exact.
    func run() async throws -> Bool {
        var clock = Stopwatch()
        context.print("""
            interaction-migrate demo: \(Figures.grouped(records)) interactions over \(days) days, from \(source.name) to \(destination.name), \
            two orgs emulated by this process on loopback
              source:      \(source.name) (\(source.id)) at \(source.apiBase)
              destination: \(destination.name) (\(destination.id)) at \(destination.apiBase)
              working folder: \(folder)
              credentials: SOURCE_CLIENT_ID, SOURCE_CLIENT_SECRET, DEST_CLIENT_ID and DEST_CLIENT_SECRET are set in each command's environment
            """)
        let orgs = ["--source-api", source.apiBase, "--dest-api", destination.apiBase]
        let dest = ["--dest-api", destination.apiBase]
        let range = ["--from", String(from.description.prefix(10)), "--to", String(to.description.prefix(10))]

        heading(1, "Generate the mapping file from both orgs' queues, flows and wrap-up codes")
        let generated = try await step(["mappings", "generate", "--name", Self.name] + orgs)
        guard generated.status == 0 || generated.status == 3 else { throw DemoFailure(step: "mappings generate", status: generated.status) }
        let workspace = try MigrationWorkspace(root: folder, name: Self.name)
        let file = try MappingFile.read(path: workspace.mappingFile)
        let open = MappingKind.allCases.flatMap { kind in file[kind].filter { !$0.match.isResolved }.map { (kind, $0) } }
        say("open entries in mappings/\(Self.name).json, each needing a decision:")
        for (kind, entry) in open {
            let candidates = entry.candidates.map { "'\($0.name)'\($0.division.map { " (\($0))" } ?? "")" }.joined(separator: ", ")
            say("  \(kind.singular) '\(entry.sourceName)': \(entry.match)\(candidates.isEmpty ? "" : ", candidates \(candidates)")")
        }

        heading(2, "Resolve them, as the README explains, by editing mappings/\(Self.name).json")
        let client = OrgClient(label: "destination", endpoint: try OrgEndpoint(apiBase: destination.apiBase),
                               credentials: OrgCredentials(clientId: destination.clientId, clientSecret: Secret(destination.clientSecret)))
        let directory = try await OrgDirectory.fetch(using: client, identity: try await client.organization())
        let resolution = DemoMappingResolution.resolve(file, destination: directory)
        try resolution.file.write(to: workspace.mappingFile)
        for decision in resolution.decisions { say("  \(decision)") }
        let fallback = resolution.fallbackWrapupCode.map { ["--fallback-wrapup-code", $0] } ?? []
        let checked = try await step(["mappings", "check", "--name", Self.name] + dest)
        guard checked.status == 0 else { throw DemoFailure(step: "mappings check", status: checked.status) }

        heading(3, "Dry run: export, transform and check every chunk against the destination, which sees no write")
        let dry = try await step(["run", "--name", Self.name] + orgs + range + fallback + ["--dry-run"])
        guard dry.status == 0 else { throw DemoFailure(step: "run --dry-run", status: dry.status) }

        heading(4, "Run the migration, interrupt it after its first imported chunk (Ctrl-C), look at its status, and resume it")
        let first = try await step(["run", "--name", Self.name] + orgs + range + fallback,
                                   interruptWhen: { $0.contains("records imported") })
        if first.interrupted {
            say("(interrupted with SIGINT, as Ctrl-C, a closed laptop or a lost VPN would; the state file has what was done)")
        } else {
            guard first.status == 0 else { throw DemoFailure(step: "run", status: first.status) }
            say("(the run finished before it could be interrupted)")
        }
        _ = try await step(["status", "--name", Self.name])
        let resumed = try await step(["run", "--name", Self.name] + orgs + range + fallback)
        guard resumed.status == 0 else { throw DemoFailure(step: "run (resumed)", status: resumed.status) }

        heading(5, "Verify: export the destination's windows and compare their externalIds with the transformed records")
        let verified = try await step(["verify", "--name", Self.name] + dest)

        let held = emulator.orgs.first(where: { $0.content.id == destination.id })?.heldExternalIds() ?? []
        let distinct = Set(held).count
        context.print("")
        context.print("""
            summary: \(Figures.grouped(records)) interactions in \(source.name); \(destination.name) now holds \(Figures.grouped(distinct)) of them \
            (\(held.count - distinct) duplicates); the first run was interrupted \(first.interrupted ? "and resumed" : "(no: it finished first)"); \
            verify \(verified.status == 0 ? "matched every window exactly" : "found differences (exit \(verified.status))"); \
            \(Figures.oneDecimal(clock.lap())) s in all
            """)
        return verified.status == 0 && held.count == distinct && distinct == records
    }

    private func heading(_ number: Int, _ title: String) {
        context.print("")
        context.print("\(number). \(title)")
    }

    private func say(_ line: String) { context.print(line) }

    /// Prints `arguments` as the command line an admin types, then runs it.
    private func step(_ arguments: [String], interruptWhen: (@Sendable (String) -> Bool)? = nil) async throws -> ChildCommand.Result {
        context.print("$ interaction-migrate " + arguments.map(Self.quoted).joined(separator: " "))
        let context = self.context
        return try await child.run(arguments, echo: { context.print("  " + $0) }, interruptWhen: interruptWhen)
    }

    /// `argument` as a shell would need it.
    static func quoted(_ argument: String) -> String {
        let plain = argument.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./:=,@".unicodeScalars.contains($0) }
        return plain && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
