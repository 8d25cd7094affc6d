import Essentials

/// The checks of an import batch (§7.3 synchronous, §7.4 at run time), as pure functions so that
/// they are tested and measured without HTTP.
enum ImportValidator {
    static let immutableFields = ["id", "selfUri", "version", "createdDate", "lastUpdatedDate"]
    static let requiredFields = ["type", "state", "startTime"]

    /// A synchronous rejection: status, code, message and every offender.
    struct Rejection: Error {
        var status: Int
        var code: String
        var message: String
        var errors: [JSONValue]
    }

    /// Checks a POSTed body. Returns the records and options, or the rejection (nothing is queued).
    static func checkRequest(
        _ body: JSONValue?, schemaFields: [String: Set<String>], supported: [String]
    ) -> Result<(records: [JSONObject], schemaVersion: String, allowDuplicates: Bool), Rejection> {
        guard let object = body?.objectValue else {
            return .failure(Rejection(status: 400, code: "bad.request", message: "The request body must be a JSON object", errors: []))
        }
        guard let list = object["interactions"]?.arrayValue, !list.isEmpty else {
            return .failure(Rejection(status: 400, code: "bad.request", message: "interactions must be a non-empty array", errors: []))
        }
        guard list.count <= 1000 else {
            return .failure(Rejection(status: 413, code: "payload.too.large",
                                      message: "An import holds at most 1000 interactions; this one has \(list.count)", errors: []))
        }
        let version = object["schemaVersion"]?.stringValue ?? "v2.1"
        guard let fields = schemaFields[version] else {
            return .failure(Rejection(status: 400, code: "SCHEMA_INCOMPATIBLE",
                                      message: "schema version \(version) is not supported by this org; it supports \(supported.joined(separator: ", "))",
                                      errors: []))
        }
        let allowDuplicates = object["allowDuplicates"]?.boolValue ?? false
        var badRequest: [JSONValue] = []
        var immutable: [JSONValue] = []
        var unknown: [JSONValue] = []
        var records: [JSONObject] = []
        records.reserveCapacity(list.count)
        for (index, value) in list.enumerated() {
            guard let record = value.objectValue else {
                badRequest.append(["code": "bad.request", "recordIndex": .int(Int64(index)), "message": "the record is not an object"])
                continue
            }
            for field in requiredFields where record[field] == nil || record[field]?.isNull == true {
                badRequest.append(["code": "bad.request", "recordIndex": .int(Int64(index)), "field": .string(field),
                                   "message": .string("the record has no \(field)")])
            }
            for member in record {
                let key = member.key
                if immutableFields.contains(key) {
                    immutable.append(["code": "IMMUTABLE_FIELD", "recordIndex": .int(Int64(index)), "field": .string(key)])
                } else if key == "transcripts" || key == "media" || (key != "externalId" && !fields.contains(key)) {
                    unknown.append(["code": "UNKNOWN_FIELD", "recordIndex": .int(Int64(index)), "field": .string(key)])
                }
            }
            if let externalId = record["externalId"], externalId.stringValue == nil || (externalId.stringValue?.utf8.count ?? 0) > 256 {
                badRequest.append(["code": "bad.request", "recordIndex": .int(Int64(index)), "field": "externalId",
                                   "message": "externalId must be a string of at most 256 characters"])
            }
            records.append(record)
        }
        if !badRequest.isEmpty {
            return .failure(Rejection(status: 400, code: "bad.request", message: "\(badRequest.count) problem(s) with the interactions", errors: badRequest))
        }
        if !immutable.isEmpty {
            return .failure(Rejection(status: 400, code: "IMMUTABLE_FIELD",
                                      message: "Interactions may not set system-managed fields", errors: immutable + unknown))
        }
        if !unknown.isEmpty {
            return .failure(Rejection(status: 400, code: "UNKNOWN_FIELD",
                                      message: "Interactions have fields that schema \(version) does not know", errors: unknown))
        }
        return .success((records, version, allowDuplicates))
    }

    /// Every reference of the batch that the org's queues, flows and wrap-up codes don't have
    /// (§7.4 `INVALID_REFERENCE`, with array indexes in `path`).
    static func invalidReferences(_ records: [JSONObject], queues: Set<String>, flows: Set<String>, wrapupCodes: Set<String>) -> [JSONValue] {
        var errors: [JSONValue] = []
        for (index, record) in records.enumerated() {
            func check(_ value: JSONValue?, _ path: String, _ type: String, _ known: Set<String>) {
                guard let value, !value.isNull else { return }
                if let id = value.stringValue, known.contains(id) { return }
                errors.append(["code": "INVALID_REFERENCE", "recordIndex": .int(Int64(index)), "path": .string(path),
                               "entityType": .string(type), "id": value])
            }
            if let routing = record["routing"] {
                check(routing["queue"]?["id"], "routing.queue.id", "queue", queues)
                check(routing["flow"]?["id"], "routing.flow.id", "flow", flows)
            }
            check(record["wrapupCode"]?["id"], "wrapupCode.id", "wrapupCode", wrapupCodes)
            for (i, participant) in (record["participants"]?.arrayValue ?? []).enumerated() {
                check(participant["queueId"], "participants[\(i)].queueId", "queue", queues)
                check(participant["wrapup"]?["codeId"], "participants[\(i)].wrapup.codeId", "wrapupCode", wrapupCodes)
            }
            for (i, transfer) in (record["transfers"]?.arrayValue ?? []).enumerated() {
                check(transfer["fromQueueId"], "transfers[\(i)].fromQueueId", "queue", queues)
                check(transfer["toQueueId"], "transfers[\(i)].toQueueId", "queue", queues)
            }
        }
        return errors
    }

    /// Every `externalId` of the batch that the org already holds or that an earlier record of the
    /// batch has (§7.4 `DUPLICATE_KEY`; every occurrence after the first).
    static func duplicateKeys(_ externalIds: [String?], existing: Set<String>) -> [JSONValue] {
        var errors: [JSONValue] = []
        var seen = Set<String>()
        for (index, externalId) in externalIds.enumerated() {
            guard let externalId else { continue }
            if existing.contains(externalId) || !seen.insert(externalId).inserted {
                errors.append(["code": "DUPLICATE_KEY", "recordIndex": .int(Int64(index)), "externalId": .string(externalId)])
            }
        }
        return errors
    }
}
