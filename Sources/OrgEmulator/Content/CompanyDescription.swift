/// A fictional company's routing design: its divisions and their queues, its flows, wrap-up codes
/// and skills. ``ContentGenerator`` turns one into an org's configuration (with seeded ids) and
/// interactions that use it.
///
/// Lists are ordered busiest first: interactions favour the first queues of each division and the
/// first wrap-up codes, as real contact centres have a few busy queues and a long tail.
public struct CompanyDescription: Sendable, Equatable {
    /// A division and the names of its queues, busiest first.
    public struct Division: Sendable, Equatable {
        public var name: String
        public var queueNames: [String]

        public init(name: String, queueNames: [String]) {
            self.name = name
            self.queueNames = queueNames
        }
    }

    /// A flow by name and type. Names are unique per type (§5), not across types.
    public struct Flow: Sendable, Equatable {
        public var name: String
        /// One of ``CompanyDescription/flowTypes``, in lower or upper case (as the org serves it).
        public var type: String

        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// The flow types the contract names (§5), lower-case.
    public static let flowTypes = ["inboundcall", "inboundchat", "inboundemail", "inqueuecall", "outboundcall", "workflow"]

    /// The company's name, e.g. `Acme`.
    public var name: String
    public var divisions: [Division]
    public var flows: [Flow]
    /// Wrap-up code names, busiest first.
    public var wrapupCodeNames: [String]
    /// Routing skills that interactions list in `routing.skills`.
    public var skills: [String]
    /// How many agents (user ids) handle interactions.
    public var agentCount: Int

    public init(
        name: String, divisions: [Division], flows: [Flow], wrapupCodeNames: [String], skills: [String],
        agentCount: Int = 200
    ) {
        self.name = name
        self.divisions = divisions
        self.flows = flows
        self.wrapupCodeNames = wrapupCodeNames
        self.skills = skills
        self.agentCount = agentCount
    }

    /// The number of queues over all divisions.
    public var queueCount: Int {
        divisions.reduce(0) { $0 + $1.queueNames.count }
    }
}
