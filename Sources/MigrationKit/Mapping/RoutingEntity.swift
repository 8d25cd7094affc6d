/// A queue, flow or wrap-up code of an org, reduced to the fields mapping uses (contract §5).
///
/// Queues carry a `division` (the name of their division), flows a `type` as the org served it
/// (`inboundcall`, or `INBOUNDCALL`: compare case-insensitively); wrap-up codes carry neither.
public struct RoutingEntity: Sendable, Equatable {
    /// The entity's id, a UUID string.
    public var id: String
    /// The entity's name as the org spells it, untrimmed.
    public var name: String
    /// The name of the queue's division; `nil` for flows and wrap-up codes, or when the org gave none.
    public var division: String?
    /// The flow's type as the org served it; `nil` for queues and wrap-up codes.
    public var type: String?

    /// An entity from its fields.
    public init(id: String, name: String, division: String? = nil, type: String? = nil) {
        self.id = id
        self.name = name
        self.division = division
        self.type = type
    }
}
