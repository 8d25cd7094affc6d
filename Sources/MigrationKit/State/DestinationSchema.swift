import Essentials

/// The destination's schema as the transform used it: a version and its top-level fields,
/// fetched once and kept in the state file.
public struct DestinationSchema: Sendable, Equatable {
    /// The schema version, such as `v2.1`.
    public var version: String
    /// The top-level field names.
    public var fields: Set<String>

    public init(version: String, fields: Set<String>) {
        self.version = version
        self.fields = fields
    }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        version = try decoder.string("version")
        fields = Set(try decoder.strings("fields"))
    }

    var jsonValue: JSONValue {
        .object(JSONObject([("version", .string(version)), ("fields", .array(fields.sorted().map(JSONValue.string)))]))
    }
}
