/// One source entity's line in a mapping file: which destination entity it maps to, and how that
/// was decided.
///
/// Which fields a file writes depends on the list: queues write `sourceDivision`, flows write
/// `type`, wrap-up codes neither. `destinationId` is non-nil exactly when ``match`` is `exact`,
/// `normalized` or `manual`.
public struct MappingEntry: Sendable, Equatable {
    /// A destination entity an ambiguous entry could map to.
    public struct Candidate: Sendable, Equatable {
        /// The destination entity's id.
        public var id: String
        /// The destination entity's name.
        public var name: String
        /// The destination queue's division name (queues only).
        public var division: String?
        /// The destination flow's type, lower-case (flows only).
        public var type: String?

        /// A candidate from its fields.
        public init(id: String, name: String, division: String? = nil, type: String? = nil) {
            self.id = id
            self.name = name
            self.division = division
            self.type = type
        }
    }

    /// The source entity's id.
    public var sourceId: String
    /// The source entity's name, as the source org spells it.
    public var sourceName: String
    /// The source queue's division name (queues only).
    public var sourceDivision: String?
    /// The source flow's type, lower-case (flows only).
    public var type: String?
    /// The destination entity's id, or `nil` when the entry maps to nothing.
    public var destinationId: String?
    /// The destination entity's name; may be `nil` on a `manual` entry an admin wrote by hand.
    public var destinationName: String?
    /// How the destination was chosen.
    public var match: MappingMatch
    /// The destination entities an `ambiguous` entry could map to; empty otherwise.
    public var candidates: [Candidate]

    /// An entry from its fields.
    public init(
        sourceId: String, sourceName: String, sourceDivision: String? = nil, type: String? = nil,
        destinationId: String? = nil, destinationName: String? = nil, match: MappingMatch, candidates: [Candidate] = []
    ) {
        self.sourceId = sourceId
        self.sourceName = sourceName
        self.sourceDivision = sourceDivision
        self.type = type
        self.destinationId = destinationId
        self.destinationName = destinationName
        self.match = match
        self.candidates = candidates
    }

    /// Whether `a` comes before `b` in a file: by source name, then source id.
    static func fileOrder(_ a: MappingEntry, _ b: MappingEntry) -> Bool {
        a.sourceName != b.sourceName ? a.sourceName < b.sourceName : a.sourceId < b.sourceId
    }
}
