import Essentials
import MigrationKit
import Testing

@Suite("Record transformer")
struct RecordTransformerTests {
    typealias F = TransformFixtures

    func transformed(_ record: JSONValue, rules: TransformRules = F.rules()) throws -> (JSONValue, String, [String]) {
        let outcome = RecordTransformer(rules: rules).transform(record)
        guard case .transformed(let value, let externalId, let dropped) = outcome else {
            Issue.record("expected a transformed record, got \(outcome)")
            throw Failure()
        }
        return (value, externalId, dropped)
    }

    struct Failure: Error {}

    @Test("every reference path is remapped, names beside ids are replaced")
    func references() throws {
        let (record, _, _) = try transformed(F.record())
        #expect(record["routing"]?["queue"] == ["id": "Q1", "name": "billing support"])
        #expect(record["routing"]?["flow"] == ["id": "F1", "name": "Main IVR EU", "type": "inboundcall"])
        #expect(record["wrapupCode"] == ["id": "W1", "name": "Resolved EU"])
        let participants = try #require(record["participants"]?.arrayValue)
        #expect(participants.map { $0["queueId"] } == [nil, "Q2", "Q3"])
        #expect(participants.map { $0["wrapup"]?["codeId"] } == [nil, "W2", "W1"])
        #expect(participants.map { $0["userId"] } == [nil, "u1", "u2"])
        #expect(participants[1]["wrapup"] == ["codeId": "W2", "durationSeconds": 30, "notes": "ok"])
        let transfers = try #require(record["transfers"]?.arrayValue)
        #expect(transfers.map { $0["fromQueueId"] } == ["Q1", "Q2"])
        #expect(transfers.map { $0["toQueueId"] } == ["Q2", "Q3"])
    }

    @Test("a manual entry without a destination name keeps the record's name")
    func manualWithoutName() throws {
        let record = F.record { F.set(["id": "q3", "name": "Retention"], at: ["routing", "queue"], in: &$0) }
        let (result, _, _) = try transformed(record)
        #expect(result["routing"]?["queue"] == ["id": "Q3", "name": "Retention"])
    }

    @Test("system-managed fields, transcripts and media are removed; externalId is set")
    func removedFields() throws {
        let (record, externalId, dropped) = try transformed(F.record(id: "abc-1"))
        #expect(externalId == "src-org:abc-1")
        #expect(record["externalId"] == "src-org:abc-1")
        #expect(dropped.isEmpty)
        for field in ["id", "selfUri", "version", "createdDate", "lastUpdatedDate", "transcripts", "media"] {
            #expect(record[field] == nil, "\(field) is still there")
        }
        // Member order is free (records are written canonically): the set of keys is what counts.
        let keys = try #require(record.objectValue?.keys)
        #expect(keys.sorted() == [
            "attributes", "direction", "durationSeconds", "endTime", "externalId", "participants", "routing",
            "sentiment", "startTime", "state", "transfers", "type", "wrapupCode",
        ])
    }

    @Test("an externalId already in the record is replaced in place")
    func existingExternalId() throws {
        let record = F.record { F.set("stale", at: ["externalId"], in: &$0) }
        let (result, _, _) = try transformed(record)
        #expect(result["externalId"] == "src-org:r1")
        #expect(result.objectValue?.keys.filter { $0 == "externalId" }.count == 1)
    }

    @Test("a record whose only system field is id (as the window parser leaves it): id goes, externalId is set",
          arguments: [false, true])
    func onlyIdToRemove(withExternalId: Bool) throws {
        var source = F.record(id: "abc-2")
        if case .object(var object) = source {
            for field in ["selfUri", "version", "createdDate", "lastUpdatedDate", "transcripts", "media"] {
                object.removeValue(forKey: field)
            }
            if withExternalId { object["externalId"] = "stale" }
            source = .object(object)
        }
        let before = try #require(source.objectValue?.keys)
        let (record, externalId, dropped) = try transformed(source)
        #expect(externalId == "src-org:abc-2")
        #expect(record["externalId"] == "src-org:abc-2")
        #expect(record["id"] == nil)
        #expect(dropped.isEmpty)
        let expectedKeys = Set(before).subtracting(["id"]).union(["externalId"])
        let keys = try #require(record.objectValue?.keys)
        #expect(keys.count == expectedKeys.count)
        #expect(Set(keys) == expectedKeys)
        #expect(record["type"] == source["type"])
        #expect(record["attributes"] == source["attributes"])
    }

    @Test("everything else is kept exactly")
    func preserved() throws {
        let source = F.record()
        let (record, _, _) = try transformed(source)
        for field in ["type", "direction", "state", "startTime", "endTime", "durationSeconds", "attributes", "sentiment"] {
            #expect(record[field] == source[field], "\(field) changed")
        }
        #expect(record["routing"]?["skills"] == source["routing"]?["skills"])
        #expect(record["routing"]?["priority"] == source["routing"]?["priority"])
        #expect(record["participants"]?.arrayValue?[0] == source["participants"]?.arrayValue?[0])
        #expect(record["transfers"]?.arrayValue?[1]["reason"] == ["code": 7])
        // Member order of untouched objects is kept too.
        #expect(record["attributes"]?.objectValue?.keys == ["crmCaseId", "é"])
        #expect(record["participants"]?.arrayValue?[1].objectValue?.keys == ["purpose", "userId", "queueId", "wrapup"])
    }

    @Test("null and absent references are not references; wrapupCode null stays null")
    func nullReferences() throws {
        let record = F.record {
            F.set(nil, at: ["wrapupCode"], in: &$0)
            F.set(nil, at: ["routing", "queue", "id"], in: &$0)
            F.set(nil, at: ["participants", 1, "queueId"], in: &$0)
            F.set(["durationSeconds": 3], at: ["participants", 2, "wrapup"], in: &$0)
        }
        let (result, _, _) = try transformed(record)
        #expect(result["wrapupCode"] == .null)
        #expect(result["routing"]?["queue"] == ["id": nil, "name": "Billing Support"])
        #expect(result["participants"]?.arrayValue?[1]["queueId"] == .null)
        #expect(result["participants"]?.arrayValue?[2]["wrapup"] == ["durationSeconds": 3])
    }

    @Test("unmapped references are all collected with kind, name and path; the record is not transformed")
    func unmapped() {
        let record = F.record(id: "r9") {
            F.set(["id": "qx", "name": "Old Queue (record)"], at: ["routing", "queue"], in: &$0)  // excluded
            F.set(["id": "fu", "name": "Legacy"], at: ["routing", "flow"], in: &$0)  // unmatched
            F.set(["id": "wz", "name": "Unknown Code"], at: ["wrapupCode"], in: &$0)  // not in the mapping
            F.set("qa", at: ["participants", 1, "queueId"], in: &$0)  // ambiguous
            F.set("wx", at: ["participants", 2, "wrapup", "codeId"], in: &$0)  // excluded
            F.set("qz", at: ["transfers", 1, "toQueueId"], in: &$0)  // unknown, no name beside
        }
        let outcome = RecordTransformer(rules: F.rules()).transform(record)
        #expect(outcome == .unmapped(sourceId: "r9", references: [
            UnmappedReference(kind: .queues, sourceId: "qx", sourceName: "Old Queue", path: "routing.queue.id"),
            UnmappedReference(kind: .flows, sourceId: "fu", sourceName: "Legacy IVR", path: "routing.flow.id"),
            UnmappedReference(kind: .wrapupCodes, sourceId: "wz", sourceName: "Unknown Code", path: "wrapupCode.id"),
            UnmappedReference(kind: .queues, sourceId: "qa", sourceName: "Fraud", path: "participants[1].queueId"),
            UnmappedReference(kind: .wrapupCodes, sourceId: "wx", sourceName: "Spam", path: "participants[2].wrapup.codeId"),
            UnmappedReference(kind: .queues, sourceId: "qz", sourceName: nil, path: "transfers[1].toQueueId"),
        ]))
    }

    @Test("a fallback wrap-up code replaces unmapped wrap-up codes at both paths, name included")
    func fallback() throws {
        let record = F.record {
            F.set(["id": "wx", "name": "Spam"], at: ["wrapupCode"], in: &$0)
            F.set("wz", at: ["participants", 1, "wrapup", "codeId"], in: &$0)
        }
        let (result, _, _) = try transformed(record, rules: F.rules(fallback: ("WF", "Other EU")))
        #expect(result["wrapupCode"] == ["id": "WF", "name": "Other EU"])
        #expect(result["participants"]?.arrayValue?.map { $0["wrapup"]?["codeId"] } == [nil, "WF", "W1"])

        // Queues are not rescued by the fallback.
        let queue = F.record { F.set("qz", at: ["participants", 1, "queueId"], in: &$0) }
        #expect(RecordTransformer(rules: F.rules(fallback: ("WF", "Other EU"))).transform(queue)
            == .unmapped(sourceId: "r1", references: [.init(kind: .queues, sourceId: "qz", path: "participants[1].queueId")]))
    }

    @Test("fields the destination schema does not know are dropped and reported, externalId never")
    func schemaDrift() throws {
        let v21: Set<String> = [
            "attributes", "createdDate", "direction", "durationSeconds", "endTime", "id", "lastUpdatedDate", "media",
            "participants", "routing", "selfUri", "startTime", "state", "transcripts", "transfers", "type", "version",
            "wrapupCode",
        ]
        let record = F.record { F.set("x", at: ["zeta"], in: &$0) }
        let (result, externalId, dropped) = try transformed(record, rules: F.rules(destinationFields: v21))
        #expect(dropped == ["sentiment", "zeta"])
        #expect(result["sentiment"] == nil)
        #expect(result["zeta"] == nil)
        #expect(result["externalId"] == .string(externalId))
        #expect(result["attributes"] != nil)

        let (all, _, none) = try transformed(F.record(), rules: F.rules(destinationFields: v21.union(["sentiment"])))
        #expect(none.isEmpty)
        #expect(all["sentiment"] == ["score": 0.25])
    }

    @Test("records that are not objects or lack a required field are invalid")
    func invalid() {
        let transformer = RecordTransformer(rules: F.rules())
        #expect(transformer.transform([1, 2]) == .invalid(reason: "the record is an array, not an object"))
        #expect(transformer.transform("text") == .invalid(reason: "the record is a string, not an object"))
        for field in ["id", "type", "state", "startTime"] {
            let missing = F.record { record in
                guard case .object(var object) = record else { return }
                object.removeValue(forKey: field)
                record = .object(object)
            }
            #expect(transformer.transform(missing) == .invalid(reason: "the record has no \"\(field)\""))
            let wrong = F.record { F.set(5, at: [.key(field)], in: &$0) }
            #expect(transformer.transform(wrong) == .invalid(reason: "the record's \"\(field)\" is a number, not a string"))
        }
        let badReference = F.record { F.set(7, at: ["transfers", 0, "fromQueueId"], in: &$0) }
        #expect(transformer.transform(badReference)
            == .invalid(reason: "the record's \"transfers[0].fromQueueId\" is a number, not a string"))
    }

    @Test("a §6 field of the wrong type makes the record invalid, with the field's path and the types allowed", arguments: [
        (["direction"] as [F.PathStep], JSONValue.int(1), "the record's \"direction\" is a number, not a string or null"),
        (["endTime"], .object(JSONObject()), "the record's \"endTime\" is an object, not a string or null"),
        (["durationSeconds"], "300", "the record's \"durationSeconds\" is a string, not a number or null"),
        (["routing"], "q1", "the record's \"routing\" is a string, not an object or null"),
        (["routing", "queue"], "q1", "the record's \"routing.queue\" is a string, not an object or null"),
        (["routing", "flow"], true, "the record's \"routing.flow\" is a Boolean, not an object or null"),
        (["wrapupCode"], .array([]), "the record's \"wrapupCode\" is an array, not an object or null"),
        (["participants"], .object(JSONObject()), "the record's \"participants\" is an object, not an array or null"),
        (["participants", 1], "q2", "the record's \"participants[1]\" is a string, not an object"),
        (["participants", 1, "wrapup"], 7, "the record's \"participants[1].wrapup\" is a number, not an object or null"),
        (["transfers", 0], .null, "the record's \"transfers[0]\" is null, not an object"),
        (["attributes"], .array([]), "the record's \"attributes\" is an array, not an object or null"),
        (["attributes", "crmCaseId"], 500, "the record's \"attributes.crmCaseId\" is a number, not a string"),
    ])
    func wrongType(_ path: [F.PathStep], _ value: JSONValue, _ reason: String) {
        let transformer = RecordTransformer(rules: F.rules())
        #expect(transformer.transform(F.record { F.set(value, at: path, in: &$0) }) == .invalid(reason: reason))
    }

    @Test("optional §6 fields may be null; dropped fields may be of any type")
    func nullsAndDroppedFields() {
        let transformer = RecordTransformer(rules: F.rules())
        for field in ["direction", "endTime", "durationSeconds", "routing", "wrapupCode", "participants", "transfers", "attributes"] {
            guard case .transformed(let record, _, _) = transformer.transform(F.record { F.set(.null, at: [.key(field)], in: &$0) }) else {
                Issue.record("\(field): null was refused")
                continue
            }
            #expect(record[field] == .null)
        }
        for field in ["selfUri", "version", "createdDate", "lastUpdatedDate", "transcripts", "media"] {
            guard case .transformed(let record, _, _) = transformer.transform(F.record { F.set(.array([1]), at: [.key(field)], in: &$0) }) else {
                Issue.record("\(field): refused though it is dropped")
                continue
            }
            #expect(record[field] == nil)
        }
    }

    @Test("an external id longer than 256 characters is refused")
    func longExternalId() {
        let id = String(repeating: "a", count: 250)
        let outcome = RecordTransformer(rules: F.rules()).transform(F.record(id: id))
        guard case .invalid(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.hasSuffix("is longer than 256 characters"))
    }

    @Test("transforming the same record twice gives the same canonical bytes, and leaves the caller's copy alone")
    func deterministic() throws {
        let source = F.record()
        let copy = source
        let (a, _, _) = try transformed(source)
        let (b, _, _) = try transformed(source)
        #expect(try JSONWriter.canonical(a) == JSONWriter.canonical(b))
        #expect(source == copy)
        #expect(source["routing"]?["queue"]?["id"] == "q1")
        // The parsed form transforms to the same bytes.
        let parsed = try JSONParser.parse(JSONWriter.compact(source))
        let (c, _, _) = try transformed(parsed)
        #expect(try JSONWriter.canonical(c) == JSONWriter.canonical(a))
    }
}
