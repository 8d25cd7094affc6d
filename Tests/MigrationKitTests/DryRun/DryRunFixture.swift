import Essentials
import Foundation
@testable import MigrationKit
import OrgEmulator

/// A migration ready for a dry run: the emulator's default pair in-process, and transformed
/// windows written by hand (canonical JSON lines, as the transform writes them) with the
/// transform's records in the state.
final class DryRunFixture: @unchecked Sendable {
    let harness: EmulatorHarness
    let workspace: MigrationWorkspace
    let sourceOrgId: String

    init(_ adjust: (inout OrgKnobs) -> Void = { _ in }) throws {
        harness = try EmulatorHarness(records: 10, days: 1, adjust)
        workspace = try StateStoreTests.workspace()
        sourceOrgId = try harness.orgEndpoint("source").id
    }

    deinit {
        harness.shutdown()
        StateStoreTests.cleanUp(workspace)
    }

    var destination: EmulatedOrg { harness.emulator.orgs[1] }
    var queues: [EmulatedQueue] { destination.content.queues }
    var flows: [EmulatedFlow] { destination.content.flows }
    var codes: [EmulatedWrapupCode] { destination.content.wrapupCodes }

    /// A transformed record numbered `n`: `externalId` `<source org>:<n>`, references to the
    /// destination's first queue, flow and wrap-up code unless told otherwise.
    func record(_ n: Int, queue: String? = nil, extra: [(String, JSONValue)] = []) -> JSONValue {
        var object = JSONObject([
            ("externalId", .string(externalId(n))), ("type", "voice"), ("direction", "inbound"), ("state", "disconnected"),
            ("startTime", "2024-01-15T10:00:00.000Z"), ("durationSeconds", 30),
            ("routing", ["queue": ["id": .string(queue ?? queues[0].id), "name": "Q"],
                         "flow": ["id": .string(flows[0].id), "name": "F", "type": "inboundcall"]]),
            ("wrapupCode", ["id": .string(codes[0].id), "name": "W"]),
            ("participants", [["purpose": "agent", "userId": "u-1", "queueId": .string(queue ?? queues[0].id)]]),
        ])
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    func externalId(_ n: Int) -> String { "\(sourceOrgId):\(String(format: "%05d", n))" }

    /// Writes each window's records as its transformed file and records the transform of it (and
    /// the export's source org) in the state; `blocked` windows are recorded without output.
    func transform(_ windows: [(String, [JSONValue])], blocked: [String] = []) async throws {
        let store = try StateStore(workspace)
        try await store.record(.exportSource(id: sourceOrgId, name: "Acme Prod"))
        for (window, records) in windows {
            var bytes: [UInt8] = []
            for record in records { bytes += try JSONWriter.canonical(record) + [0x0A] }
            try AtomicFileWriter.write(bytes, to: workspace.transformedFile(window: window))
            try await store.record(.transformWindow(window, Self.transformState(records: records.count, sha256: SHA256.hash(bytes).hex)))
        }
        for window in blocked { try await store.record(.transformWindow(window, Self.transformState(records: 0, sha256: nil))) }
        try await store.close()
    }

    static func transformState(records: Int, sha256: String?) -> TransformWindowState {
        var result = WindowTransform.Result()
        result.inputRecords = records
        result.outputRecords = records
        result.inputSHA256 = String(repeating: "e", count: 64)
        result.outputSHA256 = sha256
        if sha256 == nil {
            result.unmappedRecords = 1
            result.unmapped.add([UnmappedReference(kind: .queues, sourceId: "q-src-9", sourceName: "Gone", path: "routing.queue.id")], recordSourceId: "c-1")
        }
        let fingerprint = TransformFingerprint(inputSHA256: result.inputSHA256, mappingSHA256: String(repeating: "m", count: 64),
                                               policy: .fail, fallbackWrapupCodeId: nil, destinationFields: nil)
        return TransformWindowState(fingerprint: fingerprint, result: result)
    }

    /// Records `changes` in the state, as the import would.
    func record(_ changes: [StateChange]) async throws {
        let store = try StateStore(workspace)
        try await store.record(changes)
        try await store.close()
    }

    /// The dry run, on a read-only store.
    func dryRun(_ options: DryRun.Options = DryRun.Options(chunkSize: 3), source: Bool = false) async throws -> DryRunReport {
        let store = try StateStore(workspace, access: .readOnly)
        let dryRun = DryRun(workspace: workspace, destination: try harness.client("destination"),
                            source: source ? try harness.client("source") : nil, options: options)
        return try await dryRun.run(store: store)
    }

    /// The real import, to its end.
    func importAll(chunkSize: Int = 3) async throws -> ImportSummary {
        let store = try StateStore(workspace)
        let phase = ImportPhase(workspace: workspace, client: try harness.client("destination"),
                                options: ImportPhase.Options(chunkSize: chunkSize, firstPollSeconds: 0.05))
        let summary = try await phase.run(store: store)
        try await store.close()
        return summary
    }

    /// The state file's bytes (nil when there is none) with the journal's.
    func stateBytes() -> [UInt8] {
        (StateStoreTests.bytes(workspace.stateFile) ?? []) + [0] + (StateStoreTests.bytes(workspace.journalFile) ?? [])
    }

    /// Import POSTs and any other writes the destination received.
    var destinationWrites: Int { destination.apiRequestsByMethod().filter { $0.key != "GET" }.values.reduce(0, +) }
}
