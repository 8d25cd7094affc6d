import Essentials

/// What a real import would do, found without writing anything to the destination: the two orgs,
/// every window's chunks as the import would plan them and what would happen to each, what would
/// be refused and why, the mapping entries to change, and how long it would take.
public struct DryRunReport: Sendable {
    /// One org as the dry run found it.
    public struct Org: Sendable, Equatable {
        /// `source` or `destination`.
        public var role: String
        public var id: String
        public var name: String
        /// The API base it was reached at (or, for a source not authenticated, the mapping's).
        public var apiBase: String?
        /// The region of contract §1 whose API base that is; nil for an explicit API base.
        public var region: String?
        /// Whether the dry run authenticated and read its identity (`GET /api/v2/organizations/me`);
        /// false for a source known only from the mapping file or the export.
        public var authenticated: Bool

        public init(role: String, id: String, name: String, apiBase: String?, region: String?, authenticated: Bool) {
            self.role = role
            self.id = id
            self.name = name
            self.apiBase = apiBase
            self.region = region
            self.authenticated = authenticated
        }

        /// `'Acme Prod' (id ..., region eu-west-1)`, or the API base when there is no region.
        public var line: String {
            let place = region.map { "region \($0)" } ?? apiBase.map { "API \($0)" } ?? "API base unknown"
            return "'\(name)' (id \(id), \(place))" + (authenticated ? "" : ", not authenticated: from the migration's files")
        }

        var jsonValue: JSONValue {
            var object = JSONObject([("id", .string(id)), ("name", .string(name))])
            object["apiBase"] = apiBase.map(JSONValue.string) ?? .null
            object["region"] = region.map(JSONValue.string) ?? .null
            object["authenticated"] = .bool(authenticated)
            return .object(object)
        }
    }

    /// The destination's schema as the checks used it.
    public struct Schema: Sendable, Equatable {
        /// Where it came from.
        public enum Origin: String, Sendable {
            /// `GET /api/v2/interaction/export/schemas` of the destination, now.
            case destination
            /// The state file's, as the transform fetched it (the destination did not serve one).
            case stateFile
            /// Neither: only `transcripts` and `media` are checked for `UNKNOWN_FIELD`.
            case unknown
        }

        /// The records' schema version.
        public var version: String
        /// The versions the destination supports; nil when it did not say.
        public var supportedVersions: [String]?
        /// The version's top-level fields; nil when unknown (or not supported).
        public var fields: [String]?
        public var origin: Origin

        public init(version: String, supportedVersions: [String]?, fields: [String]?, origin: Origin) {
            self.version = version
            self.supportedVersions = supportedVersions
            self.fields = fields
            self.origin = origin
        }

        var jsonValue: JSONValue {
            var object = JSONObject([("version", .string(version)), ("origin", .string(origin.rawValue))])
            object["supportedVersions"] = supportedVersions.map { .array($0.map(JSONValue.string)) } ?? .null
            object["fields"] = fields.map { .array($0.map(JSONValue.string)) } ?? .null
            return .object(object)
        }
    }

    /// One window's plan.
    public struct Window: Sendable, Equatable {
        public var window: String
        public var records: Int
        /// SHA-256 of the transformed file the chunks are cut from.
        public var transformedSHA256: String
        /// Why the window is planned again (its chunks not completed are sent as in doubt), when it is.
        public var replannedBecause: String?
        /// Records the destination holds from completed chunks of an earlier plan of the window.
        public var earlierPlanRecords: Int
        public var chunks: [DryRunChunk]

        public init(window: String, records: Int, transformedSHA256: String, replannedBecause: String?,
                    earlierPlanRecords: Int, chunks: [DryRunChunk]) {
            self.window = window
            self.records = records
            self.transformedSHA256 = transformedSHA256
            self.replannedBecause = replannedBecause
            self.earlierPlanRecords = earlierPlanRecords
            self.chunks = chunks
        }
    }

    /// A window the import would not send at all, and why.
    public struct BlockedWindow: Sendable, Equatable {
        public var window: String
        public var reason: String
    }

    /// The chunks one code would refuse, over the whole plan.
    public struct Refusal: Sendable, Equatable {
        public var code: DryRunFinding.Code
        /// Records refused for it.
        public var records: Int
        /// Chunks refused for it.
        public var chunks: Int
        /// The windows of those chunks, in order.
        public var windows: [String]
        /// The first few findings, each prefixed by its chunk: `2024-01-15#3 record 7: ...`.
        public var examples: [String]
    }

    public var migration: String
    /// When the dry run ran.
    public var createdAt: ISOTimestamp
    public var destination: Org
    public var source: Org
    public var schemaVersion: String
    public var chunkSize: Int
    public var schema: Schema
    /// Planned windows, in time order.
    public var windows: [Window] = []
    /// Windows the import would not send: blocked by the transform, or whose transformed file the
    /// import would refuse.
    public var blockedWindows: [BlockedWindow] = []
    /// References the chunks to send carry but the destination doesn't have, with the mapping
    /// entries leading to them: the import's pre-flight check would stop on them, sending nothing.
    public var missingReferences: [MissingReference] = []
    /// The mapping file's entries that lead to those references, with what to change.
    public var mappingFixes: [DryRunMappingFix] = []
    /// What would stop the import as a whole (another configuration recorded, no import API, ...).
    public var problems: [String] = []
    /// What the admin should know but doesn't change the verdict.
    public var notes: [String] = []
    public var estimate: DryRunEstimate
    /// Where the report was written.
    public var reportFile: String?

    public init(migration: String, createdAt: ISOTimestamp, destination: Org, source: Org, schemaVersion: String, chunkSize: Int,
                schema: Schema, estimate: DryRunEstimate) {
        self.migration = migration
        self.createdAt = createdAt
        self.destination = destination
        self.source = source
        self.schemaVersion = schemaVersion
        self.chunkSize = chunkSize
        self.schema = schema
        self.estimate = estimate
    }

    // MARK: - Verdict

    /// Every chunk of the plan, in plan order.
    public var chunks: [DryRunChunk] { windows.flatMap(\.chunks) }

    /// The chunks with `status`.
    public func chunks(_ status: DryRunChunk.Status) -> [DryRunChunk] { chunks.filter { $0.status == status } }

    /// Whether the import's pre-flight check would stop the run before its first POST.
    public var stoppedByPreflight: Bool { !missingReferences.isEmpty }

    /// Whether a real import would send everything and finish with every chunk completed:
    /// nothing refused, nothing recorded failed, no window blocked, nothing stopping the run.
    public var wouldSendEverything: Bool {
        problems.isEmpty && blockedWindows.isEmpty && !stoppedByPreflight
            && chunks.allSatisfy { $0.status != .refused && $0.status != .failed }
    }

    /// Records in chunks a real import would send (or poll): those not completed nor failed.
    public var recordsToSend: Int { chunks.filter { !$0.isSettled }.reduce(0) { $0 + $1.records - $1.alreadyHeld } }

    /// Records the state says are already imported (completed chunks of the current plans).
    public var recordsDone: Int { chunks(.completed).reduce(0) { $0 + $1.records } }

    /// The refused chunks' findings grouped by code, in the codes' order.
    public var refusals: [Refusal] {
        var groups: [DryRunFinding.Code: Refusal] = [:]
        for chunk in chunks(.refused) {
            for (code, records) in chunk.refusedRecords {
                var group = groups[code] ?? Refusal(code: code, records: 0, chunks: 0, windows: [], examples: [])
                group.records += records
                group.chunks += 1
                if group.windows.last != chunk.window { group.windows.append(chunk.window) }
                for finding in chunk.findings where finding.code == code && group.examples.count < 3 {
                    group.examples.append("\(chunk.name) \(finding.message)")
                }
                groups[code] = group
            }
        }
        return groups.values.sorted { $0.code < $1.code }
    }

    // MARK: - JSON

    /// The report as JSON: what the report file holds.
    public var jsonValue: JSONValue {
        var object = JSONObject([
            ("migration", .string(migration)), ("createdAt", .string(createdAt.description)),
            ("wouldSendEverything", .bool(wouldSendEverything)), ("stoppedByPreflight", .bool(stoppedByPreflight)),
            ("destination", destination.jsonValue), ("source", source.jsonValue),
            ("configuration", .object(JSONObject([("schemaVersion", .string(schemaVersion)), ("chunkSize", .int(Int64(chunkSize)))]))),
            ("schema", schema.jsonValue),
        ])
        var counts = JSONObject([("chunks", .int(Int64(chunks.count))), ("records", .int(Int64(windows.reduce(0) { $0 + $1.records }))),
                                 ("recordsToSend", .int(Int64(recordsToSend))), ("recordsDone", .int(Int64(recordsDone)))])
        for status in DryRunChunk.Status.allCases { counts[status.rawValue] = .int(Int64(chunks(status).count)) }
        object["totals"] = .object(counts)
        object["problems"] = .array(problems.map(JSONValue.string))
        object["blockedWindows"] = .array(blockedWindows.map { .object(JSONObject([("window", .string($0.window)), ("reason", .string($0.reason))])) })
        object["missingReferences"] = .array(missingReferences.map(\.jsonValue))
        object["mappingFixes"] = .array(mappingFixes.map(\.jsonValue))
        object["refusals"] = .array(refusals.map { refusal in
            .object(JSONObject([("code", .string(refusal.code.rawValue)), ("meaning", .string(refusal.code.meaning)),
                                ("records", .int(Int64(refusal.records))), ("chunks", .int(Int64(refusal.chunks))),
                                ("windows", .array(refusal.windows.map(JSONValue.string))),
                                ("examples", .array(refusal.examples.map(JSONValue.string)))]))
        })
        object["estimate"] = estimate.jsonValue
        object["notes"] = .array(notes.map(JSONValue.string))
        object["windows"] = .array(windows.map { window in
            var item = JSONObject([("window", .string(window.window)), ("records", .int(Int64(window.records))),
                                   ("transformedSHA256", .string(window.transformedSHA256))])
            if let reason = window.replannedBecause { item["replannedBecause"] = .string(reason) }
            if window.earlierPlanRecords > 0 { item["earlierPlanRecords"] = .int(Int64(window.earlierPlanRecords)) }
            item["chunks"] = .array(window.chunks.map(\.jsonValue))
            return .object(item)
        })
        if let reportFile { object["reportFile"] = .string(reportFile) }
        return .object(object)
    }
}
