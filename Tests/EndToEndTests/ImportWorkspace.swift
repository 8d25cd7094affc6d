import Essentials
import Foundation
import MigrationKit
import OrgEmulator

/// A named migration ready to import: the emulator's default pair in-process, a mapping file
/// generated from both orgs and completed the way an admin would (each ambiguous or unmatched
/// entity given a destination entity of its kind), and every window exported and transformed
/// by the built binary. Import tests then run `import` against the destination.
final class ImportWorkspace: @unchecked Sendable {
    static let from = ISOTimestamp(year: 2024, month: 1, day: 1)

    let emulator: Emulator
    let root: String
    let name: String
    /// Credentials of both orgs, on top of this process's environment.
    let environment: [String: String]
    let sourceAPI: String
    let destinationAPI: String
    let days: Int
    /// The end of the exported range.
    var to: ISOTimestamp { Self.from.adding(seconds: Int64(days) * 86_400) }

    /// Sets up `records` interactions over `days` days; `destination` adjusts the destination's
    /// knobs (rate limit, faults, job latency) after the export and transform are done.
    /// With `exportAndTransform` false, only the mapping file is made (for `run`, which does the rest).
    /// `sourceKnobs` replaces the source's knobs the same way (from the start: the mapping file is
    /// generated against them too).
    init(records: Int = 300, days: Int = 3, seed: UInt64 = 7, name: String = "acme", knobs: OrgKnobs? = nil,
         sourceKnobs: OrgKnobs? = nil, exportAndTransform: Bool = true) throws {
        var base = OrgKnobs()
        base.jobLatencyMilliseconds = 20
        var definitions = EmulatorSetup(seed: seed, records: records, days: days, from: Self.from, knobs: base).defaultPair()
        if let knobs { definitions[1].knobs = knobs }
        if let sourceKnobs { definitions[0].knobs = sourceKnobs }
        emulator = try Emulator(orgs: definitions)
        self.name = name
        self.days = days
        root = try EndToEnd.MappingsCommandTests.temporaryFolder()
        let source = emulator.endpoint("source")!
        let destination = emulator.endpoint("destination")!
        sourceAPI = source.apiBase
        destinationAPI = destination.apiBase
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_CLIENT_ID"] = source.clientId
        environment["SOURCE_CLIENT_SECRET"] = source.clientSecret
        environment["DEST_CLIENT_ID"] = destination.clientId
        environment["DEST_CLIENT_SECRET"] = destination.clientSecret
        environment.removeValue(forKey: "INTERACTION_MIGRATE_TEST_PAUSE")
        self.environment = environment
        let generate = try ToolProcess.run(["mappings", "generate", "--name", name, "--workspace", root,
                                            "--source-api", sourceAPI, "--dest-api", destinationAPI], environment: environment)
        guard generate.status == 0 || generate.status == 3 else { throw Failure("mappings generate: \(generate.status) \(generate.error)") }
        try resolveMapping()
        guard exportAndTransform else { return }
        let export = try ToolProcess.run(["export", "--name", name, "--workspace", root, "--from", Self.from.description,
                                          "--to", to.description, "--source-api", sourceAPI], environment: environment, timeout: 300)
        guard export.status == 0 else { throw Failure("export: \(export.status) \(export.error)") }
        let transform = try transform()
        guard transform.status == 0 else { throw Failure("transform: \(transform.status) \(transform.error)") }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    var workspace: MigrationWorkspace { try! MigrationWorkspace(root: root, name: name) }

    /// Gives every ambiguous or unmatched entry of the mapping file a destination entity:
    /// its first candidate, or the first destination entity of its kind.
    func resolveMapping() throws {
        try Self.resolveMapping(of: workspace, destination: emulator.orgs[1].content)
    }

    /// ``resolveMapping()`` for any workspace whose destination has `destination`'s lists.
    static func resolveMapping(of workspace: MigrationWorkspace, destination: OrgContent) throws {
        let mapping = try MappingFile.read(path: workspace.mappingFile).resolvingOpenEntries { kind in
            switch kind {
            case .queues: return destination.queues[0].id
            case .flows: return destination.flows[0].id
            case .wrapupCodes: return destination.wrapupCodes[0].id
            }
        }
        try mapping.write(to: workspace.mappingFile)
    }

    /// Maps the source queue the exported records use most to `missing`, an id the destination
    /// doesn't have, and transforms again; returns that entry as it is now in the mapping file.
    func mapMostUsedQueue(to missing: String) throws -> MappingEntry {
        var mapping = try MappingFile.read(path: workspace.mappingFile)
        var used: [String: Int] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: workspace.exportFolder) where file.hasSuffix(".jsonl") {
            for line in try FileContents.read(path: workspace.exportFolder + "/" + file).split(separator: 0x0A) {
                if let id = try JSONParser.parse(line)["routing"]?["queue"]?["id"]?.stringValue { used[id, default: 0] += 1 }
            }
        }
        var queues = mapping.queues
        guard let position = queues.indices.filter({ used[queues[$0].sourceId] != nil })
            .max(by: { used[queues[$0].sourceId]! < used[queues[$1].sourceId]! }) else {
            throw Failure("no mapped queue is used by the exported records")
        }
        queues[position].destinationId = missing
        queues[position].destinationName = nil
        queues[position].match = .manual
        queues[position].candidates = []
        mapping.queues = queues
        try mapping.write(to: workspace.mappingFile)
        let transform = try transform()
        guard transform.status == 0 else { throw Failure("transform: \(transform.status) \(transform.error)") }
        return queues[position]
    }

    /// Runs the transform of the migration against the destination.
    @discardableResult
    func transform() throws -> (status: Int32, output: String, error: String) {
        try ToolProcess.run(["transform", "--name", name, "--workspace", root, "--dest-api", destinationAPI], environment: environment, timeout: 300)
    }

    /// The `import` command line, with `extra` options.
    func importArguments(_ extra: [String] = []) -> [String] {
        ["import", "--name", name, "--workspace", root, "--dest-api", destinationAPI] + extra
    }

    /// Runs `import` to its end.
    func runImport(_ extra: [String] = [], environment extraEnvironment: [String: String] = [:], timeout: Double = 300) throws -> (status: Int32, output: String, error: String) {
        try ToolProcess.run(importArguments(extra), environment: environment.merging(extraEnvironment) { $1 }, timeout: timeout)
    }

    /// The externalIds of every transformed record: what a complete import leaves in the destination.
    func transformedExternalIds() throws -> Set<String> {
        var ids = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: workspace.transformedFolder) where file.hasSuffix(".jsonl") {
            for line in try FileContents.read(path: workspace.transformedFolder + "/" + file).split(separator: 0x0A) {
                ids.insert(try JSONParser.parse(line)["externalId"]!.stringValue!)
            }
        }
        return ids
    }

    /// The externalIds the destination holds now (imported records only).
    func destinationExternalIds() -> [String] {
        emulator.orgs[1].heldExternalIds()
    }

    /// The destination's `/emulator/summary`.
    func summary() async throws -> JSONValue {
        let response = try await URLSessionTransport().send(TransportRequest(method: "GET", url: destinationAPI + "/emulator/summary"))
        return try JSONParser.parse(response.body)
    }

    /// The state file, parsed.
    func state() throws -> JSONValue {
        try JSONParser.parse(try FileContents.read(path: workspace.stateFile))
    }

    deinit {
        emulator.shutdown()
        try? FileManager.default.removeItem(atPath: root)
    }
}
