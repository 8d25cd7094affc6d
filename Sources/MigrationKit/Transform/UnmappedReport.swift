import Essentials

/// The unmapped references of a migration, per referenced entity: how many records reference it
/// and a few of them, so that an admin can complete the mapping file.
///
/// Each record is added once (``add(_:recordSourceId:)``); reports of windows processed separately
/// are combined with ``merge(_:)``.
public struct UnmappedReport: Sendable, Equatable {
    /// How many example records an entry keeps.
    public static let exampleLimit = 3

    /// One unmapped source entity.
    public struct Entry: Sendable, Equatable {
        /// The list the entity belongs to.
        public var kind: MappingKind
        /// The source entity's id.
        public var sourceId: String
        /// The source entity's name, when a mapping entry or a record gave it.
        public var sourceName: String?
        /// How many records reference the entity.
        public var records: Int
        /// The source ids of the first records (at most ``UnmappedReport/exampleLimit``) that
        /// reference it, in the order they were added.
        public var examples: [String]
    }

    private struct Key: Hashable, Sendable {
        var kind: MappingKind
        var sourceId: String
    }

    /// Entries in order of first appearance, and their positions by key.
    private var ordered: [Entry] = []
    private var positions: [Key: Int] = [:]

    /// The number of records with at least one unmapped reference.
    public private(set) var records = 0

    /// An empty report.
    public init() {}

    /// Reports are equal when they count the same records and list the same entries (examples
    /// included); the order in which entries first appeared, which only decides merging, is not
    /// compared (a report read back from the state file has its entries in ``entries`` order).
    public static func == (lhs: UnmappedReport, rhs: UnmappedReport) -> Bool {
        lhs.records == rhs.records && lhs.entries == rhs.entries
    }

    /// A report of these entries (in order of first appearance) and record count, as
    /// ``jsonValue()`` wrote them.
    public init(entries: [Entry], records: Int) {
        self.records = records
        for entry in entries {
            let key = Key(kind: entry.kind, sourceId: entry.sourceId)
            if let position = positions[key] {
                ordered[position].records += entry.records
            } else {
                positions[key] = ordered.count
                ordered.append(entry)
            }
        }
    }

    /// Whether no record had an unmapped reference.
    public var isEmpty: Bool { records == 0 && ordered.isEmpty }

    /// Adds the unmapped `references` of the record `recordSourceId`. A record that references an
    /// entity at several paths counts once for it.
    public mutating func add(_ references: [UnmappedReference], recordSourceId: String) {
        guard !references.isEmpty else { return }
        records += 1
        var seen = Set<Key>()
        for reference in references {
            let key = Key(kind: reference.kind, sourceId: reference.sourceId)
            guard seen.insert(key).inserted else {
                if let position = positions[key], ordered[position].sourceName == nil {
                    ordered[position].sourceName = reference.sourceName
                }
                continue
            }
            if let position = positions[key] {
                ordered[position].records += 1
                if ordered[position].sourceName == nil { ordered[position].sourceName = reference.sourceName }
                if ordered[position].examples.count < Self.exampleLimit { ordered[position].examples.append(recordSourceId) }
            } else {
                positions[key] = ordered.count
                ordered.append(
                    Entry(kind: reference.kind, sourceId: reference.sourceId, sourceName: reference.sourceName, records: 1,
                          examples: [recordSourceId])
                )
            }
        }
    }

    /// Adds the counts of `other` (a later window's report): examples keep the order of first
    /// appearance, this report's first.
    public mutating func merge(_ other: UnmappedReport) {
        records += other.records
        for entry in other.ordered {
            let key = Key(kind: entry.kind, sourceId: entry.sourceId)
            if let position = positions[key] {
                ordered[position].records += entry.records
                if ordered[position].sourceName == nil { ordered[position].sourceName = entry.sourceName }
                for example in entry.examples where ordered[position].examples.count < Self.exampleLimit {
                    ordered[position].examples.append(example)
                }
            } else {
                positions[key] = ordered.count
                ordered.append(entry)
            }
        }
    }

    /// The entries by list (queues, flows, wrap-up codes), then source name (unknown names last),
    /// then source id.
    public var entries: [Entry] {
        ordered.sorted { a, b in
            if a.kind != b.kind { return Self.rank(a.kind) < Self.rank(b.kind) }
            switch (a.sourceName, b.sourceName) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.sourceId < b.sourceId
            }
        }
    }

    /// The report as JSON: `{"unmapped": [{"kind": "queue", "sourceId": ..., "sourceName": ... or
    /// null, "records": N, "examples": [...]}], "records": N}`, entries in ``entries`` order.
    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.append(uniqueKey: "unmapped", value: .array(entries.map { entry in
            var item = JSONObject()
            item.append(uniqueKey: "kind", value: .string(Self.jsonKind(entry.kind)))
            item.append(uniqueKey: "sourceId", value: .string(entry.sourceId))
            item.append(uniqueKey: "sourceName", value: entry.sourceName.map(JSONValue.string) ?? .null)
            item.append(uniqueKey: "records", value: .int(Int64(entry.records)))
            item.append(uniqueKey: "examples", value: .array(entry.examples.map(JSONValue.string)))
            return .object(item)
        }))
        object.append(uniqueKey: "records", value: .int(Int64(records)))
        return .object(object)
    }

    /// The report as an aligned table with a hint on what to do, for people. `mappingName` names
    /// the mapping file in the hint (`mappings/NAME.json` when `nil`).
    public func text(mappingName: String? = nil) -> String {
        guard !isEmpty else { return "no unmapped references\n" }
        let header = ["KIND", "SOURCE ID", "SOURCE NAME", "RECORDS", "EXAMPLES"]
        let rows = entries.map { entry in
            [entry.kind.singular, entry.sourceId, entry.sourceName ?? "(unknown)", String(entry.records),
             entry.examples.joined(separator: ", ") + (entry.records > entry.examples.count ? ", ..." : "")]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                let last = column == cells.count - 1
                if column == 3 {  // Counts are right-aligned.
                    text += String(repeating: " ", count: widths[column] - cell.count) + cell
                } else {
                    text += last ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
                }
                if !last { text += "  " }
            }
            return text + "\n"
        }
        var text = "\(records) record\(records == 1 ? "" : "s") reference \(ordered.count) "
            + "unmapped entit\(ordered.count == 1 ? "y" : "ies"):\n\n"
        text += line(header)
        for row in rows { text += line(row) }
        let file = "mappings/\(mappingName ?? "NAME").json"
        text += "\nto migrate these records, map each entity in \(file) (set \"destinationId\" and "
            + "\"match\": \"manual\"), or rerun with --on-unmapped skip-record to leave them out"
        if ordered.contains(where: { $0.kind == .wrapupCodes }) {
            text += ", or with --fallback-wrapup-code NAME to replace unmapped wrap-up codes by one destination code"
        }
        return text + ".\n"
    }

    /// The spelling of a kind in the JSON report: `queue`, `flow`, `wrapupCode`.
    static func jsonKind(_ kind: MappingKind) -> String {
        switch kind {
        case .queues: return "queue"
        case .flows: return "flow"
        case .wrapupCodes: return "wrapupCode"
        }
    }

    private static func rank(_ kind: MappingKind) -> Int {
        switch kind {
        case .queues: return 0
        case .flows: return 1
        case .wrapupCodes: return 2
        }
    }
}
