import Essentials
import OrgEmulator

/// Content shared by the content tests, generated once.
enum ContentFixtures {
    static let january = ISOTimestamp(year: 2024, month: 1, day: 1)
    static let days = 31
    /// Acme's source org with 500 records over January 2024, schema v2.1 and v2.2.
    static let source = ContentGenerator.org(
        name: "Acme Prod", seed: 7, description: .acme, interactionCount: 500, from: january, days: days,
        schemaVersions: ["v2.1", "v2.2"]
    )

    /// The canonical JSON bytes of everything an org holds.
    static func canonical(_ content: OrgContent) throws -> [UInt8] {
        let value: JSONValue = [
            "name": .string(content.name), "id": .string(content.id), "domain": .string(content.domain),
            "queues": .array(content.queues.map {
                ["id": .string($0.id), "name": .string($0.name), "divisionId": .string($0.divisionId), "divisionName": .string($0.divisionName)]
            }),
            "flows": .array(content.flows.map { ["id": .string($0.id), "name": .string($0.name), "type": .string($0.type)] }),
            "wrapupCodes": .array(content.wrapupCodes.map { ["id": .string($0.id), "name": .string($0.name)] }),
            "schemaVersions": .array(content.schemaVersions.map(JSONValue.string)),
            "interactions": .array(content.interactions),
        ]
        return try JSONWriter.canonical(value)
    }

    /// Lower-case, trimmed, inner whitespace runs collapsed: the contract's "normalised" name.
    static func normalised(_ name: String) -> String {
        collapsed(name).lowercased()
    }

    /// Trimmed, inner whitespace runs collapsed to one space; case kept.
    static func collapsed(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func milliseconds(_ value: JSONValue?) -> Int64? {
        value?.stringValue.flatMap { ISOTimestamp($0) }?.millisecondsSinceEpoch
    }
}
