import Essentials
@testable import MigrationKit

/// States and mapping files built in memory, for the status and next-step tests.
enum StatusFixtures {
    static let sourceOrg = MappingFile.Org(orgId: "aaaaaaaa-0000-4000-8000-000000000001", orgName: "Acme Prod", apiBase: "https://api.mypurecloud.com")
    static let destinationOrg = MappingFile.Org(orgId: "bbbbbbbb-0000-4000-8000-000000000002", orgName: "Acme EU", apiBase: "https://api.mypurecloud.ie")
    static let mappingSHA = String(repeating: "m", count: 64)
    static let day = ISOTimestamp(year: 2024, month: 3, day: 1)

    /// A mapping file: every queue mapped, plus `open` entries left ambiguous or unmatched.
    static func mapping(open: [MappingEntry] = [], source: MappingFile.Org = sourceOrg,
                        destination: MappingFile.Org = destinationOrg) -> MappingFile {
        MappingFile(generatedAt: day, source: source, destination: destination,
                    queues: [MappingEntry(sourceId: "q-src-1", sourceName: "Billing", destinationId: "q-dst-1", destinationName: "Billing", match: .exact)] + open,
                    wrapupCodes: [MappingEntry(sourceId: "w-src-1", sourceName: "Resolved", destinationId: "w-dst-1", destinationName: "Resolved", match: .exact)])
    }

    static func mappingStatus(_ file: MappingFile? = mapping(), root: String = ".", sha256: String = mappingSHA) -> MappingStatus {
        MappingStatus(path: try! MigrationWorkspace(root: root, name: "acme").mappingFile, file: file, sha256: file == nil ? nil : sha256)
    }

    /// The window of `day` days after the first, `hours` long.
    static func window(_ index: Int, hours: Int64 = 24) -> ExportWindow {
        let start = day.adding(seconds: Int64(index) * hours * 3600)
        return ExportWindow(start: start, end: start.adding(seconds: hours * 3600))
    }

    static func exportSHA(_ name: String) -> String { "e-" + name }
    static func outputSHA(_ name: String) -> String { "t-" + name }

    /// Records `count` windows as exported, all completed unless `status` says otherwise.
    static func exported(_ count: Int, hours: Int64 = 24, records: Int = 100,
                         status: (Int) -> ExportWindowState.Status = { _ in .completed }) -> MigrationState {
        var state = MigrationState()
        state.export.sourceOrgId = sourceOrg.orgId
        state.export.sourceOrgName = sourceOrg.orgName
        for i in 0..<count {
            let window = window(i, hours: hours)
            let done = status(i) == .completed
            state.export.windows[window.name] = ExportWindowState(
                start: window.start, end: window.end, sourceKind: "interaction-export", status: status(i),
                recordCount: done ? records : 0, sha256: done ? exportSHA(window.name) : nil,
                lastError: status(i) == .failed ? "the job failed: FAILED (export.failed)" : nil)
        }
        return state
    }

    /// A transform record of `name` (`blocked`: unmapped queue references kept its output).
    static func transformed(_ name: String, records: Int = 100, blocked: Bool = false, mappingSHA256: String = mappingSHA,
                            policy: UnmappedPolicy = .fail) -> TransformWindowState {
        var result = WindowTransform.Result()
        result.inputRecords = records
        result.outputRecords = blocked ? 0 : records
        result.inputSHA256 = exportSHA(name)
        result.outputSHA256 = blocked ? nil : outputSHA(name)
        if blocked {
            result.unmappedRecords = 7
            result.unmapped.add([UnmappedReference(kind: .queues, sourceId: "q-src-9", sourceName: "Gone", path: "routing.queue.id")], recordSourceId: "c-1")
        }
        let fingerprint = TransformFingerprint(inputSHA256: exportSHA(name), mappingSHA256: mappingSHA256, policy: policy,
                                               fallbackWrapupCodeId: nil, destinationFields: ["id"])
        return TransformWindowState(fingerprint: fingerprint, result: result)
    }

    /// `exported(count)` with every window transformed and the destination schema kept.
    static func transformedState(_ count: Int, records: Int = 100) -> MigrationState {
        var state = exported(count, records: records)
        state.transform.destinationSchema = DestinationSchema(version: "v2.1", fields: ["id"])
        for name in state.export.windows.keys { state.transform.windows[name] = transformed(name, records: records) }
        return state
    }

    static let configuration = ImportConfiguration(sourceOrgId: sourceOrg.orgId, destinationOrgId: destinationOrg.orgId,
                                                   schemaVersion: "v2.1", chunkSize: 50)

    /// Plans every transformed window of `state` into chunks of 50 and records each chunk's
    /// state as `chunk(window position, chunk index)` says (nil: nothing recorded).
    static func planned(_ state: MigrationState, chunk: (Int, Int) -> ImportChunkState.Status? = { _, _ in .completed },
                        failure: ImportChunkState.Failure? = nil, errors: [String] = []) -> MigrationState {
        var state = state
        state.imports.configuration = configuration
        for (position, name) in state.transform.windows.keys.sorted().enumerated() {
            let records = state.transform.windows[name]!.outputRecords
            let count = (records + 49) / 50
            let hashes = (0..<count).map { "\(name)-chunk-\($0)" }
            state.imports.plans[name] = ImportWindowPlan(transformedSHA256: outputSHA(name), records: records, chunks: hashes)
            for (index, hash) in hashes.enumerated() {
                guard let status = chunk(position, index) else { continue }
                state.imports.windows[name, default: [:]][hash] = ImportChunkState(
                    index: index, records: 50, status: status, importId: status == .submitted || status == .completed ? "imp-\(index)" : nil,
                    errors: status == .failed ? errors : [], inDoubt: status == .submitting, failure: status == .failed ? failure : nil)
            }
        }
        return state
    }

    static func status(_ state: MigrationState, mapping: MappingStatus = mappingStatus(), root: String = ".",
                       recorded: Bool = true, inUseBy: Int32? = nil) -> MigrationStatus {
        MigrationStatus(workspace: try! MigrationWorkspace(root: root, name: "acme"), state: state, stateRecorded: recorded,
                        mapping: mapping, inUseBy: inUseBy)
    }
}
