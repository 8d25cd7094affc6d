import Essentials

/// How one window's transformed file was cut into chunks: the file's SHA-256 when it was
/// planned, and the chunks' hashes in order. A window whose transformed file no longer has that
/// hash is planned again.
public struct ImportWindowPlan: Sendable, Equatable {
    /// SHA-256 of the transformed file the chunks were cut from.
    public var transformedSHA256: String
    /// Records in the window.
    public var records: Int
    /// The chunks' hashes (contract §8), in plan order.
    public var chunks: [String]
    /// Why the window was planned again, when it was (for the summary and `status`).
    public var replannedBecause: String?

    public init(transformedSHA256: String, records: Int, chunks: [String], replannedBecause: String? = nil) {
        self.transformedSHA256 = transformedSHA256
        self.records = records
        self.chunks = chunks
        self.replannedBecause = replannedBecause
    }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        transformedSHA256 = try decoder.string("transformedSHA256")
        records = try decoder.int("records")
        chunks = try decoder.strings("chunks")
        replannedBecause = try decoder.optionalString("replannedBecause")
    }

    var jsonValue: JSONValue {
        var object = JSONObject([("transformedSHA256", .string(transformedSHA256)), ("records", .int(Int64(records))),
                                 ("chunks", .array(chunks.map(JSONValue.string)))])
        if let replannedBecause { object["replannedBecause"] = .string(replannedBecause) }
        return .object(object)
    }
}
