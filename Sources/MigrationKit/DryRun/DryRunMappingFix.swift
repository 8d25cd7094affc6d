import Essentials

/// One mapping file entry to change before the import can run: it maps a source entity to a
/// destination id the destination doesn't have, with the destination entities it could map to
/// instead.
public struct DryRunMappingFix: Sendable, Equatable {
    public var kind: MappingKind
    public var sourceName: String
    public var sourceId: String
    /// The destination id the entry names, which the destination doesn't have.
    public var destinationId: String
    /// Records carrying that id in the chunks to send.
    public var records: Int
    /// Destination entities of the kind it could map to instead (at most three): those whose name
    /// matches the source name once normalised, else the entry's candidates, else those sharing
    /// the most words with it, else the first of the kind by name.
    public var suggestions: [RoutingEntity]

    public init(kind: MappingKind, sourceName: String, sourceId: String, destinationId: String, records: Int, suggestions: [RoutingEntity]) {
        self.kind = kind
        self.sourceName = sourceName
        self.sourceId = sourceId
        self.destinationId = destinationId
        self.records = records
        self.suggestions = suggestions
    }

    /// What to change, for the admin: `queues: 'Billing' (source id ...) maps to destination id X,
    /// which the destination doesn't have (37 records): set its destinationId to ...`.
    public var line: String {
        let choices = suggestions.map { "'\($0.name)' (\($0.id))" }.joined(separator: ", ")
        let choice = suggestions.isEmpty ? "an existing destination \(kind.singular)" : (suggestions.count == 1 ? choices : "one of \(choices)")
        return "\(kind.key): '\(sourceName)' (source id \(sourceId)) maps to destination id \(destinationId), which the destination doesn't have"
            + " (\(records) record\(records == 1 ? "" : "s")): set its destinationId to \(choice) with match \"manual\","
            + " or set its match to \"excluded\" and transform with --on-unmapped skip-record to leave those records out"
    }

    /// The fixes for `missing`: one per mapping entry that leads to a missing id.
    static func fixes(for missing: [MissingReference], mapping: MappingFile?, directory: OrgDirectory) -> [DryRunMappingFix] {
        guard let mapping else { return [] }
        var out: [DryRunMappingFix] = []
        for reference in missing {
            let entries = mapping[reference.kind].filter { $0.destinationId?.lowercased() == reference.id.lowercased() }
            let available = directory[reference.kind]
            for entry in entries {
                let wanted = NameNormalizer.normalize(entry.sourceName)
                var suggestions = available.filter { NameNormalizer.normalize($0.name) == wanted }
                if suggestions.isEmpty {
                    let candidates = Set(entry.candidates.map { $0.id.lowercased() })
                    suggestions = available.filter { candidates.contains($0.id.lowercased()) }
                }
                if suggestions.isEmpty {
                    // The names sharing most words with the source name, else the first few.
                    let words = Set(wanted.split(separator: " "))
                    let scored = available.map { entity in
                        (entity, Set(NameNormalizer.normalize(entity.name).split(separator: " ")).intersection(words).count)
                    }
                    suggestions = scored.filter { $0.1 > 0 }.sorted { ($1.1, $0.0.name) < ($0.1, $1.0.name) }.map(\.0)
                    if suggestions.isEmpty { suggestions = available.sorted { $0.name < $1.name } }
                }
                out.append(DryRunMappingFix(kind: reference.kind, sourceName: entry.sourceName, sourceId: entry.sourceId,
                                            destinationId: reference.id, records: reference.records, suggestions: Array(suggestions.prefix(3))))
            }
        }
        return out
    }

    var jsonValue: JSONValue {
        .object(JSONObject([
            ("kind", .string(kind.key)), ("sourceName", .string(sourceName)), ("sourceId", .string(sourceId)),
            ("destinationId", .string(destinationId)), ("records", .int(Int64(records))),
            ("suggestions", .array(suggestions.map { .object(JSONObject([("id", .string($0.id)), ("name", .string($0.name))])) })),
            ("change", .string(line)),
        ]))
    }
}
