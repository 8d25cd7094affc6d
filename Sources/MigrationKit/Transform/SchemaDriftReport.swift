import Essentials

/// The top-level fields dropped because the destination's schema version does not know them, and
/// in how many records each was.
public struct SchemaDriftReport: Sendable, Equatable {
    /// Records per dropped field name.
    public private(set) var counts: [String: Int] = [:]

    /// An empty report.
    public init() {}

    /// A report of these counts (as the state file keeps them); zero counts are left out.
    public init(counts: [String: Int]) {
        self.counts = counts.filter { $0.value > 0 }
    }

    /// Whether no field was dropped.
    public var isEmpty: Bool { counts.isEmpty }

    /// The dropped field names, sorted.
    public var fields: [String] { counts.keys.sorted() }

    /// The fields and their counts for people: `sentiment (12 records), zeta (1 record)`.
    public var summary: String {
        fields.map { "\($0) (\(counts[$0]!) record\(counts[$0]! == 1 ? "" : "s"))" }.joined(separator: ", ")
    }

    /// Adds the fields dropped from one record.
    public mutating func add(_ fields: [String]) {
        for field in fields { counts[field, default: 0] += 1 }
    }

    /// Adds the counts of `other` (a report of another window).
    public mutating func merge(_ other: SchemaDriftReport) {
        counts.merge(other.counts, uniquingKeysWith: +)
    }

    /// The report as JSON: `{"droppedFields": {"sentiment": 12, ...}}`, fields sorted.
    public func jsonValue() -> JSONValue {
        var dropped = JSONObject()
        for field in fields { dropped.append(uniqueKey: field, value: .int(Int64(counts[field]!))) }
        var object = JSONObject()
        object.append(uniqueKey: "droppedFields", value: .object(dropped))
        return .object(object)
    }
}
