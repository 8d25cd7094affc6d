/// One reference in a source record to a queue, flow or wrap-up code that the mapping file gives
/// no destination for.
public struct UnmappedReference: Hashable, Sendable {
    /// The list the referenced entity belongs to.
    public var kind: MappingKind
    /// The referenced source entity's id.
    public var sourceId: String
    /// The source entity's name, when known: the mapping entry's `sourceName`, else the `name`
    /// beside the id in the record.
    public var sourceName: String?
    /// Where the reference is in the record, with array indexes: `participants[1].queueId`.
    public var path: String

    /// A reference from its fields.
    public init(kind: MappingKind, sourceId: String, sourceName: String? = nil, path: String) {
        self.kind = kind
        self.sourceId = sourceId
        self.sourceName = sourceName
        self.path = path
    }
}
