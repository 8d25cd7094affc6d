import Essentials

/// One import chunk's place in the import protocol (contract §7.5), as the journal records it
/// before the next request is sent.
public struct ImportChunkState: Sendable, Equatable {
    /// The protocol's steps.
    public enum Status: String, Sendable, CaseIterable {
        /// About to be sent; in doubt until an import id is recorded.
        case submitting
        /// Accepted, with an import id: polled, never sent again.
        case submitted
        /// Applied by the destination.
        case completed
        /// Refused for good, with the platform's errors.
        case failed
    }

    /// The chunk's position in its window's plan (0-based).
    public var index: Int
    /// How many records the chunk holds.
    public var records: Int
    public var status: Status
    /// The destination's import id, once accepted.
    public var importId: String?
    /// The platform's errors, for a failed chunk.
    public var errors: [String]

    public init(index: Int, records: Int, status: Status, importId: String? = nil, errors: [String] = []) {
        self.index = index
        self.records = records
        self.status = status
        self.importId = importId
        self.errors = errors
    }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        index = try decoder.int("index")
        records = try decoder.int("records")
        status = try decoder.oneOf("status")
        importId = try decoder.optionalString("importId")
        errors = decoder.object["errors"] == nil ? [] : try decoder.strings("errors")
    }

    var jsonValue: JSONValue {
        var object = JSONObject([("index", .int(Int64(index))), ("records", .int(Int64(records))), ("status", .string(status.rawValue))])
        if let importId { object["importId"] = .string(importId) }
        if !errors.isEmpty { object["errors"] = .array(errors.map(JSONValue.string)) }
        return .object(object)
    }
}
