import Essentials

/// The checks the import API makes of a batch (contract §7.3 when it is posted, §7.4 when its job
/// runs), as pure functions over records, so that a dry run finds locally what a real import would
/// be refused for. `DUPLICATE_KEY` needs the whole migration's data and state: ``DryRun`` checks it.
enum ImportRules {
    /// System-managed fields (§6), never accepted by import.
    static let immutableFields: Set<String> = ["id", "selfUri", "version", "createdDate", "lastUpdatedDate"]
    /// Fields a record must carry (§7.3 `bad.request`).
    static let requiredFields = ["type", "state", "startTime"]
    /// Fields import never accepts, whatever the schema lists.
    static let neverAccepted: Set<String> = ["transcripts", "media"]
    /// The most records one request may carry.
    static let maximumRecords = 1000
    /// The longest `externalId`, in bytes of UTF-8 (as the emulator counts).
    static let maximumExternalIdLength = 256

    /// The §7.3 findings of a chunk as a whole: too many records, an unsupported schema version.
    ///
    /// - Parameter supportedVersions: the versions the destination lists; nil when unknown (not checked).
    static func chunk(records: Int, schemaVersion: String, supportedVersions: [String]?) -> [DryRunFinding] {
        var out: [DryRunFinding] = []
        if records > maximumRecords {
            out.append(DryRunFinding(code: .payloadTooLarge, message: "\(records) records in one request; at most \(maximumRecords) are accepted"))
        }
        if let supportedVersions, !supportedVersions.contains(schemaVersion) {
            let listed = supportedVersions.isEmpty ? "none" : supportedVersions.joined(separator: ", ")
            out.append(DryRunFinding(code: .schemaIncompatible,
                                     message: "schema version \(schemaVersion) is not supported by the destination (it supports \(listed))"))
        }
        return out
    }

    /// The §7.3 findings of the record at `index` of its chunk.
    ///
    /// - Parameter fields: the top-level fields of the schema version; nil when unknown, in which
    ///   case only the fields import never accepts are checked for `UNKNOWN_FIELD`.
    static func synchronous(_ record: JSONValue, index: Int, fields: Set<String>?) -> [DryRunFinding] {
        guard let object = record.objectValue else {
            return [DryRunFinding(code: .badRequest, recordIndex: index, message: "record \(index) is \(record.kindDescription), not an object")]
        }
        var out: [DryRunFinding] = []
        for field in requiredFields where object[field] == nil || object[field]?.isNull == true {
            out.append(DryRunFinding(code: .badRequest, recordIndex: index, field: field, message: "record \(index) has no \(field)"))
        }
        if let externalId = object["externalId"] {
            if let text = externalId.stringValue {
                if text.utf8.count > maximumExternalIdLength {
                    out.append(DryRunFinding(code: .badRequest, recordIndex: index, field: "externalId",
                                             message: "record \(index): externalId is \(text.utf8.count) bytes long; at most \(maximumExternalIdLength) are accepted"))
                }
            } else {
                out.append(DryRunFinding(code: .badRequest, recordIndex: index, field: "externalId",
                                         message: "record \(index): externalId is \(externalId.kindDescription), not a string"))
            }
        }
        for member in object {
            let key = member.key
            if immutableFields.contains(key) {
                out.append(DryRunFinding(code: .immutableField, recordIndex: index, field: key,
                                         message: "record \(index): field \(key) is system-managed and never accepted"))
            } else if neverAccepted.contains(key) {
                out.append(DryRunFinding(code: .unknownField, recordIndex: index, field: key,
                                         message: "record \(index): field \(key) is never accepted by import"))
            } else if key != "externalId", let fields, !fields.contains(key) {
                out.append(DryRunFinding(code: .unknownField, recordIndex: index, field: key,
                                         message: "record \(index): field \(key) is not in the destination's schema"))
            }
        }
        return out
    }

    /// The §7.4 `INVALID_REFERENCE` findings of the record at `index`: every queue, flow and
    /// wrap-up code reference whose id is not in `known` (lower-cased ids by kind, compared
    /// without regard to case as the import's pre-flight check does), and every one that is not
    /// a string.
    static func invalidReferences(_ record: JSONValue, index: Int, known: [MappingKind: Set<String>]) -> [DryRunFinding] {
        var out: [DryRunFinding] = []
        for reference in RecordReferences.located(in: record) {
            let id: String
            if let text = reference.value.stringValue {
                if known[reference.kind]?.contains(text.lowercased()) == true { continue }
                id = text
            } else {
                id = (try? JSONWriter.compact(reference.value)).map { String(decoding: $0, as: UTF8.self) } ?? reference.value.kindDescription
            }
            out.append(DryRunFinding(code: .invalidReference, recordIndex: index, path: reference.path,
                                     entityType: entityType(reference.kind), id: id,
                                     message: "record \(index): \(reference.path) is \(reference.kind.singular) \(id), which the destination doesn't have"))
        }
        return out
    }

    /// The platform's name of a kind in `INVALID_REFERENCE` entries (§7.4).
    static func entityType(_ kind: MappingKind) -> String {
        switch kind {
        case .queues: return "queue"
        case .flows: return "flow"
        case .wrapupCodes: return "wrapupCode"
        }
    }
}
