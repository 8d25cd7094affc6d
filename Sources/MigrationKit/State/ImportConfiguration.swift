import Essentials

/// What an import's chunks were made for: the fingerprint its state file carries. The same
/// records chunked for another destination, schema version or chunk size are other chunks, so a
/// run with a different configuration is refused against an existing import section. The mapping
/// file is deliberately not part of it: fixing the mapping, transforming again and importing
/// again is how failed chunks are retried.
public struct ImportConfiguration: Sendable, Equatable {
    public var sourceOrgId: String
    public var destinationOrgId: String
    public var schemaVersion: String
    public var chunkSize: Int

    public init(sourceOrgId: String, destinationOrgId: String, schemaVersion: String, chunkSize: Int) {
        self.sourceOrgId = sourceOrgId
        self.destinationOrgId = destinationOrgId
        self.schemaVersion = schemaVersion
        self.chunkSize = chunkSize
    }

    /// What differs between `self` (recorded) and `other` (asked for), one line per field:
    /// `destination org id: recorded X, now Y`. Org ids compare case-insensitively.
    public func differences(from other: ImportConfiguration) -> [String] {
        var out: [String] = []
        if sourceOrgId.lowercased() != other.sourceOrgId.lowercased() {
            out.append("source org id: recorded \(sourceOrgId), now \(other.sourceOrgId)")
        }
        if destinationOrgId.lowercased() != other.destinationOrgId.lowercased() {
            out.append("destination org id: recorded \(destinationOrgId), now \(other.destinationOrgId)")
        }
        if schemaVersion != other.schemaVersion {
            out.append("schema version: recorded \(schemaVersion), now \(other.schemaVersion)")
        }
        if chunkSize != other.chunkSize {
            out.append("chunk size: recorded \(chunkSize), now \(other.chunkSize)")
        }
        return out
    }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        sourceOrgId = try decoder.string("sourceOrgId")
        destinationOrgId = try decoder.string("destinationOrgId")
        schemaVersion = try decoder.string("schemaVersion")
        chunkSize = try decoder.int("chunkSize")
    }

    var jsonValue: JSONValue {
        .object(JSONObject([("sourceOrgId", .string(sourceOrgId)), ("destinationOrgId", .string(destinationOrgId)),
                            ("schemaVersion", .string(schemaVersion)), ("chunkSize", .int(Int64(chunkSize)))]))
    }
}
