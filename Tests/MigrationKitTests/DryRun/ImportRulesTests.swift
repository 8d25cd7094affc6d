import Essentials
import Testing

@testable import MigrationKit
@testable import OrgEmulator

@Suite("Dry run: the import API's rules, checked locally")
struct ImportRulesTests {
    /// The v2.1 fields as contract §6 lists them (the emulator's list for v2.1).
    static let v21: Set<String> = [
        "id", "selfUri", "version", "createdDate", "lastUpdatedDate", "type", "direction", "state", "startTime", "endTime",
        "durationSeconds", "routing", "wrapupCode", "participants", "transfers", "attributes", "transcripts", "media",
    ]

    /// A record as the transform writes it: nothing the import refuses.
    static func clean(_ extra: [(String, JSONValue)] = [], without: Set<String> = []) -> JSONValue {
        var object = JSONObject([
            ("externalId", "src:1"), ("type", "voice"), ("direction", "inbound"), ("state", "disconnected"),
            ("startTime", "2024-01-15T10:00:00.000Z"), ("durationSeconds", 30),
            ("routing", ["queue": ["id": "q-1", "name": "Billing"], "flow": ["id": "f-1", "name": "Main", "type": "inboundcall"]]),
            ("wrapupCode", ["id": "w-1", "name": "Resolved"]),
            ("participants", [["purpose": "agent", "userId": "u-1", "queueId": "q-2", "wrapup": ["codeId": "w-1", "durationSeconds": 5]]]),
            ("transfers", [["time": "2024-01-15T10:01:00.000Z", "fromQueueId": "q-1", "toQueueId": "q-2"]]),
            ("attributes", ["crm": "1"]),
        ].filter { !without.contains($0.0) })
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    @Test("a record as the transform writes it passes every synchronous rule")
    func cleanRecord() {
        #expect(ImportRules.synchronous(Self.clean(), index: 0, fields: Self.v21).isEmpty)
        #expect(ImportRules.synchronous(Self.clean(), index: 0, fields: nil).isEmpty)
    }

    @Test("each system-managed field is IMMUTABLE_FIELD, naming the field and the record", arguments: ["id", "selfUri", "version", "createdDate", "lastUpdatedDate"])
    func immutable(field: String) {
        let found = ImportRules.synchronous(Self.clean([(field, "x")]), index: 7, fields: Self.v21)
        #expect(found.map(\.code) == [.immutableField])
        #expect(found.first?.field == field && found.first?.recordIndex == 7)
    }

    @Test("a field the schema doesn't list is UNKNOWN_FIELD; externalId is always accepted; transcripts and media never")
    func unknownFields() {
        let sentiment = Self.clean([("sentiment", ["score": 0.5])])
        #expect(ImportRules.synchronous(sentiment, index: 0, fields: Self.v21).map(\.field) == ["sentiment"])
        #expect(ImportRules.synchronous(sentiment, index: 0, fields: Self.v21.union(["sentiment"])).isEmpty)
        // Not known without a schema: only what import never accepts is checked then.
        #expect(ImportRules.synchronous(sentiment, index: 0, fields: nil).isEmpty)
        // externalId is in no schema's list and is accepted all the same.
        #expect(!Self.v21.contains("externalId"))
        #expect(ImportRules.synchronous(Self.clean(), index: 0, fields: Self.v21).isEmpty)
        for field in ["transcripts", "media"] {
            let found = ImportRules.synchronous(Self.clean([(field, [])]), index: 2, fields: Self.v21)
            #expect(found.map(\.code) == [.unknownField] && found.first?.field == field, "\(field): \(found)")
            #expect(ImportRules.synchronous(Self.clean([(field, [])]), index: 2, fields: nil).map(\.code) == [.unknownField])
        }
    }

    @Test("a record that is not an object, lacks type/state/startTime or has a bad externalId is bad.request")
    func badRequest() {
        #expect(ImportRules.synchronous("text", index: 1, fields: Self.v21).map(\.code) == [.badRequest])
        #expect(ImportRules.synchronous(.array([]), index: 1, fields: Self.v21).map(\.code) == [.badRequest])
        for field in ["type", "state", "startTime"] {
            let missing = ImportRules.synchronous(Self.clean(without: [field]), index: 0, fields: Self.v21)
            #expect(missing.map(\.code) == [.badRequest] && missing.first?.field == field, "\(field): \(missing)")
            let null = ImportRules.synchronous(Self.clean([(field, .null)]), index: 0, fields: Self.v21)
            #expect(null.map(\.code) == [.badRequest], "\(field) null: \(null)")
        }
        let long = Self.clean([("externalId", .string(String(repeating: "x", count: 257)))])
        #expect(ImportRules.synchronous(long, index: 0, fields: Self.v21).map(\.code) == [.badRequest])
        let longest = Self.clean([("externalId", .string(String(repeating: "x", count: 256)))])
        #expect(ImportRules.synchronous(longest, index: 0, fields: Self.v21).isEmpty)
        #expect(ImportRules.synchronous(Self.clean([("externalId", 12)]), index: 0, fields: Self.v21).map(\.code) == [.badRequest])
    }

    @Test("a chunk of more than 1,000 records is payload.too.large; a version the destination doesn't list is SCHEMA_INCOMPATIBLE")
    func chunkRules() {
        #expect(ImportRules.chunk(records: 1000, schemaVersion: "v2.1", supportedVersions: ["v2.1"]).isEmpty)
        #expect(ImportRules.chunk(records: 1001, schemaVersion: "v2.1", supportedVersions: ["v2.1"]).map(\.code) == [.payloadTooLarge])
        #expect(ImportRules.chunk(records: 5, schemaVersion: "v2.2", supportedVersions: ["v2.1"]).map(\.code) == [.schemaIncompatible])
        #expect(ImportRules.chunk(records: 5, schemaVersion: "v2.2", supportedVersions: ["v2.1", "v2.2"]).isEmpty)
        #expect(ImportRules.chunk(records: 5, schemaVersion: "v2.2", supportedVersions: nil).isEmpty)
        #expect(ImportRules.chunk(records: 5, schemaVersion: "v2.1", supportedVersions: []).map(\.code) == [.schemaIncompatible])
    }

    @Test("every queue, flow and wrap-up code reference the destination lacks is INVALID_REFERENCE with its path")
    func references() {
        let all: [MappingKind: Set<String>] = [.queues: ["q-1", "q-2"], .flows: ["f-1"], .wrapupCodes: ["w-1"]]
        #expect(ImportRules.invalidReferences(Self.clean(), index: 0, known: all).isEmpty)
        let noQ2 = ImportRules.invalidReferences(Self.clean(), index: 4, known: [.queues: ["q-1"], .flows: ["f-1"], .wrapupCodes: ["w-1"]])
        #expect(noQ2.map(\.path) == ["participants[0].queueId", "transfers[0].toQueueId"])
        #expect(noQ2.allSatisfy { $0.code == .invalidReference && $0.id == "q-2" && $0.entityType == "queue" && $0.recordIndex == 4 })
        let nothing = ImportRules.invalidReferences(Self.clean(), index: 0, known: [:])
        #expect(nothing.map(\.path) == ["routing.queue.id", "routing.flow.id", "wrapupCode.id", "participants[0].queueId",
                                        "participants[0].wrapup.codeId", "transfers[0].fromQueueId", "transfers[0].toQueueId"])
        #expect(Set(nothing.compactMap(\.entityType)) == ["queue", "flow", "wrapupCode"])
        // A reference that is not a string is invalid too; a null one is absent.
        let odd = Self.clean([("wrapupCode", ["id": 12]), ("routing", ["queue": ["id": .null]])])
        let found = ImportRules.invalidReferences(odd, index: 0, known: all)
        #expect(found.map(\.path) == ["wrapupCode.id"] && found.first?.id == "12")
        // Ids compare without regard to case (the known ids lower-cased), as the import's pre-flight check does.
        let upper = ImportRules.invalidReferences(Self.clean([("wrapupCode", ["id": "W-1"])]), index: 0, known: all)
        #expect(upper.isEmpty)
    }

    /// Records named for the agreement test.
    static let vectors: [String: JSONValue] = [
        "clean": clean(), "id": clean([("id", "x")]), "sentiment": clean([("sentiment", ["s": 1])]),
        "media": clean([("media", [])]), "no state": clean(without: ["state"]), "not an object": "x",
        "id and sentiment": clean([("id", "x"), ("sentiment", 1)]), "no type and id": clean([("id", "x")], without: ["type"]),
        "long externalId": clean([("externalId", .string(String(repeating: "e", count: 300)))]),
    ]

    @Test("the local rules refuse exactly what the emulator's import endpoint refuses, with the code it answers",
          arguments: ["clean", "id", "sentiment", "media", "no state", "not an object", "id and sentiment", "no type and id", "long externalId"])
    func agreesWithEmulator(name: String) throws {
        let record = try #require(Self.vectors[name])
        let fields = EmulatedOrg.fields(of: "v2.1")
        let body: JSONValue = ["interactions": [record], "schemaVersion": "v2.1", "allowDuplicates": false]
        let emulator: String?
        switch ImportValidator.checkRequest(body, schemaFields: ["v2.1": fields], supported: ["v2.1"]) {
        case .success: emulator = nil
        case .failure(let rejection): emulator = rejection.code
        }
        // The platform answers one code: bad.request before IMMUTABLE_FIELD before UNKNOWN_FIELD.
        let local = ImportRules.synchronous(record, index: 0, fields: fields).map(\.code).min { a, b in
            let order: [DryRunFinding.Code] = [.badRequest, .immutableField, .unknownField]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
        #expect(local?.rawValue == emulator, "\(name): local \(String(describing: local)), emulator \(String(describing: emulator))")
    }
}
