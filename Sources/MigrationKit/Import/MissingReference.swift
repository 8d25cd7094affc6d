import Essentials

/// A queue, flow or wrap-up code id that the chunks to send carry but the destination doesn't
/// have (found by the pre-flight check): what is missing, how many records it would fail, and
/// the mapping entries that point at it.
public struct MissingReference: Sendable, Equatable {
    public var kind: MappingKind
    /// The destination id the records carry.
    public var id: String
    /// How many records carry it.
    public var records: Int
    /// The mapping file's entries whose destination is this id (`Billing Support (source id ...)`);
    /// empty when none is (a fallback wrap-up code, or a file transformed with another mapping).
    public var mappingEntries: [String]

    public init(kind: MappingKind, id: String, records: Int, mappingEntries: [String]) {
        self.kind = kind
        self.id = id
        self.records = records
        self.mappingEntries = mappingEntries
    }

    /// One line for the admin: what, how many, and what to change.
    public var line: String {
        let entries = mappingEntries.isEmpty
            ? "no entry of the mapping file points at it (a fallback, or records transformed with another mapping)"
            : "mapped from \(mappingEntries.joined(separator: ", ")) in \(kind.key)"
        return "\(kind.singular) \(id): not in the destination, carried by \(records) record\(records == 1 ? "" : "s"); \(entries)"
    }

    var jsonValue: JSONValue {
        .object(JSONObject([("kind", .string(kind.key)), ("id", .string(id)), ("records", .int(Int64(records))),
                            ("mappingEntries", .array(mappingEntries.map(JSONValue.string)))]))
    }
}
