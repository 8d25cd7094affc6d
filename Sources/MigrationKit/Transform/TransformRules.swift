/// What ``RecordTransformer`` needs to turn a source org's record into one the destination org
/// accepts.
public struct TransformRules: Sendable {
    /// The source org's id: a transformed record's `externalId` is `<sourceOrgId>:<source id>`.
    public var sourceOrgId: String
    /// The mapping that replaces source queue, flow and wrap-up code ids by destination ones.
    public var mapping: MappingFile
    /// The top-level field names the destination's schema version knows; fields it does not know
    /// are dropped (and reported). `nil` drops nothing for schema reasons.
    public var destinationFields: Set<String>?
    /// The destination wrap-up code that replaces every wrap-up code the mapping gives no
    /// destination for (unmatched, ambiguous, excluded or unknown ones), already resolved by the
    /// caller. `nil`: such references are unmapped like any other.
    public var fallbackWrapupCode: (id: String, name: String)?

    /// Rules from their parts.
    public init(
        sourceOrgId: String, mapping: MappingFile, destinationFields: Set<String>? = nil,
        fallbackWrapupCode: (id: String, name: String)? = nil
    ) {
        self.sourceOrgId = sourceOrgId
        self.mapping = mapping
        self.destinationFields = destinationFields
        self.fallbackWrapupCode = fallbackWrapupCode
    }
}
