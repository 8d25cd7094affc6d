import Essentials

/// One reason the import API would refuse a record or a chunk, found by the dry run locally with
/// the rules the API enforces: the synchronous checks of a POST (contract §7.3) and the checks of
/// a job when it runs (§7.4).
public struct DryRunFinding: Sendable, Equatable {
    /// The platform's error code for it.
    public enum Code: String, Sendable, CaseIterable, Comparable {
        /// More than 1,000 records in one request (413).
        case payloadTooLarge = "payload.too.large"
        /// A record that is not an object, lacks `type`, `state` or `startTime`, or has an
        /// `externalId` that is not a string of at most 256 characters.
        case badRequest = "bad.request"
        /// The destination doesn't support the records' schema version.
        case schemaIncompatible = "SCHEMA_INCOMPATIBLE"
        /// A system-managed field: `id`, `selfUri`, `version`, `createdDate`, `lastUpdatedDate`.
        case immutableField = "IMMUTABLE_FIELD"
        /// A top-level field the schema version doesn't list, or `transcripts` / `media`.
        case unknownField = "UNKNOWN_FIELD"
        /// A queue, flow or wrap-up code id the destination doesn't have.
        case invalidReference = "INVALID_REFERENCE"
        /// An `externalId` the destination already holds, or that appears earlier in the data.
        case duplicateKey = "DUPLICATE_KEY"

        /// Whether the POST itself is refused (§7.3, nothing queued); the others fail the job
        /// when it runs (§7.4).
        public var isSynchronous: Bool { self != .invalidReference && self != .duplicateKey }

        /// What it means, for people.
        public var meaning: String {
            switch self {
            case .payloadTooLarge: return "more than 1,000 records in one request"
            case .badRequest: return "records the API can't read (not an object, no type/state/startTime, or a bad externalId)"
            case .schemaIncompatible: return "a schema version the destination doesn't support"
            case .immutableField: return "system-managed fields the import never accepts"
            case .unknownField: return "top-level fields the destination's schema doesn't know"
            case .invalidReference: return "queue, flow or wrap-up code ids the destination doesn't have"
            case .duplicateKey: return "externalIds the destination already holds or that appear twice"
            }
        }

        public static func < (a: Code, b: Code) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var code: Code
    /// The record's position in its chunk (the platform's `recordIndex`); nil for the chunk as a whole.
    public var recordIndex: Int?
    /// The offending top-level field (`IMMUTABLE_FIELD`, `UNKNOWN_FIELD`, `bad.request`).
    public var field: String?
    /// Where an invalid reference is (`participants[2].queueId`).
    public var path: String?
    /// The invalid reference's kind as the platform names it: `queue`, `flow`, `wrapupCode`.
    public var entityType: String?
    /// The invalid reference's id (its JSON text when it is not a string).
    public var id: String?
    /// The duplicate `externalId`.
    public var externalId: String?
    /// What is wrong, for people: `record 3: field id is system-managed`.
    public var message: String

    public init(code: Code, recordIndex: Int? = nil, field: String? = nil, path: String? = nil, entityType: String? = nil,
                id: String? = nil, externalId: String? = nil, message: String) {
        self.code = code
        self.recordIndex = recordIndex
        self.field = field
        self.path = path
        self.entityType = entityType
        self.id = id
        self.externalId = externalId
        self.message = message
    }

    /// The finding as the platform's error entries look (§7.3, §7.4), with the message.
    var jsonValue: JSONValue {
        var object = JSONObject([("code", .string(code.rawValue))])
        if let recordIndex { object["recordIndex"] = .int(Int64(recordIndex)) }
        if let field { object["field"] = .string(field) }
        if let path { object["path"] = .string(path) }
        if let entityType { object["entityType"] = .string(entityType) }
        if let id { object["id"] = .string(id) }
        if let externalId { object["externalId"] = .string(externalId) }
        object["message"] = .string(message)
        return .object(object)
    }
}
