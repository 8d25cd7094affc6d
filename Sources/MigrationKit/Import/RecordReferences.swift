import Essentials

/// The organisation-specific references of a record (contract §6): every queue, flow and wrap-up
/// code id at the paths the import job checks (§7.4). User ids are not checked, so not listed.
enum RecordReferences {
    /// One reference: its kind and id.
    struct Reference: Hashable, Sendable {
        var kind: MappingKind
        var id: String
    }

    /// One reference where the import job finds it: its §7.4 `path` (with array indexes), its
    /// kind, and the value there (a string id, or whatever else the record holds).
    struct Located: Sendable, Equatable {
        var path: String
        var kind: MappingKind
        var value: JSONValue
    }

    /// Every reference of `record` at the paths an import job checks, in the order the job lists
    /// them (§7.4), absent and `null` values left out; a record carrying an id twice lists it twice.
    static func located(in record: JSONValue) -> [Located] {
        var out: [Located] = []
        func add(_ value: JSONValue?, _ path: String, _ kind: MappingKind) {
            guard let value, !value.isNull else { return }
            out.append(Located(path: path, kind: kind, value: value))
        }
        add(record["routing"]?["queue"]?["id"], "routing.queue.id", .queues)
        add(record["routing"]?["flow"]?["id"], "routing.flow.id", .flows)
        add(record["wrapupCode"]?["id"], "wrapupCode.id", .wrapupCodes)
        for (i, participant) in (record["participants"]?.arrayValue ?? []).enumerated() {
            add(participant["queueId"], "participants[\(i)].queueId", .queues)
            add(participant["wrapup"]?["codeId"], "participants[\(i)].wrapup.codeId", .wrapupCodes)
        }
        for (i, transfer) in (record["transfers"]?.arrayValue ?? []).enumerated() {
            add(transfer["fromQueueId"], "transfers[\(i)].fromQueueId", .queues)
            add(transfer["toQueueId"], "transfers[\(i)].toQueueId", .queues)
        }
        return out
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
