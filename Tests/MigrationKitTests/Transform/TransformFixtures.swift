import Essentials
import MigrationKit

/// A small mapping and records built in code, shared by the transform tests.
enum TransformFixtures {
    static let mapping = MappingFile(
        generatedAt: ISOTimestamp(year: 2026, month: 1, day: 10, hour: 12),
        source: .init(orgId: "src-org", orgName: "Acme Prod", apiBase: "https://api.mypurecloud.com"),
        destination: .init(orgId: "dst-org", orgName: "Acme EU", apiBase: "https://api.mypurecloud.ie"),
        queues: [
            MappingEntry(sourceId: "q1", sourceName: "Billing Support", sourceDivision: "Home", destinationId: "Q1",
                         destinationName: "billing support", match: .normalized),
            MappingEntry(sourceId: "q2", sourceName: "Sales", sourceDivision: "Home", destinationId: "Q2",
                         destinationName: "Sales", match: .exact),
            MappingEntry(sourceId: "q3", sourceName: "Retention", sourceDivision: "Home", destinationId: "Q3", match: .manual),
            MappingEntry(sourceId: "qx", sourceName: "Old Queue", sourceDivision: "Home", match: .excluded),
            MappingEntry(sourceId: "qa", sourceName: "Fraud", sourceDivision: "Home", match: .ambiguous,
                         candidates: [.init(id: "F1", name: "Fraud"), .init(id: "F2", name: "Fraud")]),
        ],
        flows: [
            MappingEntry(sourceId: "f1", sourceName: "Main IVR", type: "inboundcall", destinationId: "F1",
                         destinationName: "Main IVR EU", match: .exact),
            MappingEntry(sourceId: "fu", sourceName: "Legacy IVR", type: "inboundcall", match: .unmatched),
        ],
        wrapupCodes: [
            MappingEntry(sourceId: "w1", sourceName: "Resolved", destinationId: "W1", destinationName: "Resolved EU", match: .exact),
            MappingEntry(sourceId: "w2", sourceName: "Escalated", destinationId: "W2", destinationName: "Escalated EU", match: .manual),
            MappingEntry(sourceId: "wx", sourceName: "Spam", match: .excluded),
        ]
    )

    static func rules(
        destinationFields: Set<String>? = nil, fallback: (id: String, name: String)? = nil
    ) -> TransformRules {
        TransformRules(sourceOrgId: "src-org", mapping: mapping, destinationFields: destinationFields, fallbackWrapupCode: fallback)
    }

    /// A complete record in the shape of §6, every reference mapped, several participants and
    /// transfers; `changes` adjusts it.
    static func record(id: String = "r1", _ changes: (inout JSONValue) -> Void = { _ in }) -> JSONValue {
        var record: JSONValue = [
            "id": .string(id),
            "selfUri": .string("/api/v2/interactions/\(id)"),
            "version": 3,
            "createdDate": "2024-01-15T10:05:01.000Z",
            "lastUpdatedDate": "2024-01-15T10:05:01.000Z",
            "type": "voice",
            "direction": "inbound",
            "state": "disconnected",
            "startTime": "2024-01-15T10:00:00.000Z",
            "endTime": "2024-01-15T10:05:00.000Z",
            "durationSeconds": 300,
            "routing": [
                "queue": ["id": "q1", "name": "Billing Support"],
                "flow": ["id": "f1", "name": "Main IVR", "type": "inboundcall"],
                "skills": ["Billing", "Spanish"],
                "priority": ["level": 2, "reasons": ["vip", nil, 1.5]],
            ],
            "wrapupCode": ["id": "w1", "name": "Resolved"],
            "participants": [
                ["purpose": "customer", "address": "tel:+15551234567", "name": "Jane Roe"],
                ["purpose": "agent", "userId": "u1", "queueId": "q2", "wrapup": ["codeId": "w2", "durationSeconds": 30, "notes": "ok"]],
                ["purpose": "agent", "userId": "u2", "queueId": "q3", "wrapup": ["codeId": "w1", "durationSeconds": 12]],
            ],
            "transfers": [
                ["time": "2024-01-15T10:02:00.000Z", "fromQueueId": "q1", "toQueueId": "q2"],
                ["time": "2024-01-15T10:03:00.000Z", "fromQueueId": "q2", "toQueueId": "q3", "reason": ["code": 7]],
            ],
            "attributes": ["crmCaseId": "500-1234", "é": "naïve"],
            "sentiment": ["score": 0.25],
            "transcripts": [["participantPurpose": "customer", "text": "..."]],
            "media": [["kind": "recording", "uri": "https://example.com/r"]],
        ]
        changes(&record)
        return record
    }

    /// Sets the value at a path of object keys and array indexes.
    static func set(_ value: JSONValue, at path: [PathStep], in record: inout JSONValue) {
        guard let step = path.first else { record = value; return }
        switch (step, record) {
        case (.key(let key), .object(var object)):
            var child = object[key] ?? .null
            set(value, at: Array(path.dropFirst()), in: &child)
            object[key] = child
            record = .object(object)
        case (.index(let index), .array(var array)):
            set(value, at: Array(path.dropFirst()), in: &array[index])
            record = .array(array)
        default:
            fatalError("no \(step) in \(record)")
        }
    }

    enum PathStep: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, Sendable {
        case key(String)
        case index(Int)
        init(stringLiteral value: String) { self = .key(value) }
        init(integerLiteral value: Int) { self = .index(value) }
    }
}
