/// The three lists a mapping file maps: queues, flows and wrap-up codes.
public enum MappingKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case queues
    case flows
    case wrapupCodes

    /// The list's key in a mapping file: `queues`, `flows`, `wrapupCodes`.
    public var key: String { rawValue }

    /// One entity of the list, for messages: `queue`, `flow`, `wrap-up code`.
    public var singular: String {
        switch self {
        case .queues: return "queue"
        case .flows: return "flow"
        case .wrapupCodes: return "wrap-up code"
        }
    }

    /// The list's name for people: `queues`, `flows`, `wrap-up codes`.
    public var description: String {
        switch self {
        case .queues: return "queues"
        case .flows: return "flows"
        case .wrapupCodes: return "wrap-up codes"
        }
    }
}
