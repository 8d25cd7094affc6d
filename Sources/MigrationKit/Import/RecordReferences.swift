import Essentials

/// The organisation-specific references of a record (contract §6): every queue, flow and wrap-up
/// code id at the paths the import job checks (§7.4). User ids are not checked, so not listed.
enum RecordReferences {
    /// One reference: its kind and id.
    struct Reference: Hashable, Sendable {
        var kind: MappingKind
        var id: String
    }

    /// The distinct references of `record`.
    static func of(_ record: JSONValue) -> Set<Reference> {
        var out = Set<Reference>()
        func add(_ value: JSONValue?, _ kind: MappingKind) {
            if let id = value?.stringValue { out.insert(Reference(kind: kind, id: id)) }
        }
        add(record["routing"]?["queue"]?["id"], .queues)
        add(record["routing"]?["flow"]?["id"], .flows)
        add(record["wrapupCode"]?["id"], .wrapupCodes)
        for participant in record["participants"]?.arrayValue ?? [] {
            add(participant["queueId"], .queues)
            add(participant["wrapup"]?["codeId"], .wrapupCodes)
        }
        for transfer in record["transfers"]?.arrayValue ?? [] {
            add(transfer["fromQueueId"], .queues)
            add(transfer["toQueueId"], .queues)
        }
        return out
    }
}
