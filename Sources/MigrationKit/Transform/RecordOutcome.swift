import Essentials

/// What ``RecordTransformer/transform(_:)`` made of one source record.
public enum RecordOutcome: Sendable, Equatable {
    /// The record as the destination accepts it, its `externalId`, and the top-level fields
    /// dropped because the destination's schema does not know them (sorted).
    case transformed(record: JSONValue, externalId: String, droppedFields: [String])
    /// The record references entities the mapping has no destination for; it was not transformed.
    /// `sourceId` is the record's id; `references` lists every unmapped reference, in record order.
    case unmapped(sourceId: String, references: [UnmappedReference])
    /// The record is not a complete interaction record (§6); `reason` says why, in lower case.
    case invalid(reason: String)
}
