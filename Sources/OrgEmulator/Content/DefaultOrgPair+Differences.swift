extension DefaultOrgPair {
    /// How the destination's configuration differs from the source's, and what a name matcher
    /// should make of each source entity.
    ///
    /// The expected outcome assumes the contract's matching (§5): a source entity matches the
    /// destination entities of the same name (flows: same name *and* type, types compared
    /// case-insensitively); one such entity is an **exact** match, several are **ambiguous**; with
    /// none, names are compared **normalised** (lower-cased, surrounding whitespace trimmed, inner
    /// runs of whitespace collapsed to one space) with the same one/several rule; with none again,
    /// the entity is **unmatched**. Using a queue's division to break a tie changes nothing here:
    /// the ambiguous queue's copies are both in divisions other than its source division.
    public struct Differences: Sendable, Equatable {
        /// A name the destination spells differently from the source.
        public struct NameChange: Sendable, Equatable {
            public var sourceName: String
            public var destinationName: String
            /// The flow's type (lower-case) when the entity is a flow.
            public var flowType: String?

            public init(sourceName: String, destinationName: String, flowType: String? = nil) {
                self.sourceName = sourceName
                self.destinationName = destinationName
                self.flowType = flowType
            }
        }

        /// An entity by name (and by division for queues, by type for flows).
        public struct Entity: Sendable, Equatable {
            public var name: String
            /// The queue's division, for queues.
            public var divisionName: String?
            /// The flow's type (lower-case), for flows.
            public var flowType: String?

            public init(name: String, divisionName: String? = nil, flowType: String? = nil) {
                self.name = name
                self.divisionName = divisionName
                self.flowType = flowType
            }
        }

        /// A source queue whose exact name the destination has several times, in other divisions.
        public struct AmbiguousQueue: Sendable, Equatable {
            public var name: String
            public var sourceDivision: String
            public var destinationDivisions: [String]

            public init(name: String, sourceDivision: String, destinationDivisions: [String]) {
                self.name = name
                self.sourceDivision = sourceDivision
                self.destinationDivisions = destinationDivisions
            }
        }

        /// How many source entities of one list match each way.
        public struct MatchCounts: Sendable, Equatable, CustomStringConvertible {
            public var exact: Int
            public var normalised: Int
            public var ambiguous: Int
            public var unmatched: Int

            public init(exact: Int, normalised: Int, ambiguous: Int, unmatched: Int) {
                self.exact = exact
                self.normalised = normalised
                self.ambiguous = ambiguous
                self.unmatched = unmatched
            }

            /// The number of source entities counted.
            public var total: Int { exact + normalised + ambiguous + unmatched }

            public var description: String {
                "exact \(exact), normalised \(normalised), ambiguous \(ambiguous), unmatched \(unmatched)"
            }
        }

        /// The differences of one list (queues, flows or wrap-up codes).
        public struct EntityChanges: Sendable, Equatable {
            /// How many entities the source list has.
            public var sourceCount: Int
            /// Names that differ only in letter case.
            public var differingByCase: [NameChange]
            /// Names that differ only in surrounding or inner whitespace.
            public var differingByWhitespace: [NameChange]
            /// Names that differ in both case and whitespace, and in nothing else.
            public var differingByCaseAndWhitespace: [NameChange]
            /// Source entities the destination lacks under any spelling.
            public var missingInDestination: [Entity]
            /// Source queues whose name the destination has in two divisions (queues only).
            public var ambiguousInDestination: [AmbiguousQueue]
            /// Entities only the destination has.
            public var destinationOnly: [Entity]

            public init(
                sourceCount: Int, differingByCase: [NameChange] = [], differingByWhitespace: [NameChange] = [],
                differingByCaseAndWhitespace: [NameChange] = [], missingInDestination: [Entity] = [],
                ambiguousInDestination: [AmbiguousQueue] = [], destinationOnly: [Entity] = []
            ) {
                self.sourceCount = sourceCount
                self.differingByCase = differingByCase
                self.differingByWhitespace = differingByWhitespace
                self.differingByCaseAndWhitespace = differingByCaseAndWhitespace
                self.missingInDestination = missingInDestination
                self.ambiguousInDestination = ambiguousInDestination
                self.destinationOnly = destinationOnly
            }

            /// Every renamed entity: by case, by whitespace, by both.
            public var renamed: [NameChange] { differingByCase + differingByWhitespace + differingByCaseAndWhitespace }

            /// What a matcher following the contract should find for the source's entities.
            public var expected: MatchCounts {
                let normalised = renamed.count
                let ambiguous = ambiguousInDestination.count
                let unmatched = missingInDestination.count
                return MatchCounts(
                    exact: sourceCount - normalised - ambiguous - unmatched, normalised: normalised,
                    ambiguous: ambiguous, unmatched: unmatched
                )
            }
        }

        public var queues: EntityChanges
        public var flows: EntityChanges
        public var wrapupCodes: EntityChanges
        /// Whether the destination serves flow types upper-case (`INBOUNDCALL`) while the source
        /// serves them lower-case: a matcher must compare types case-insensitively (§5).
        public var destinationFlowTypesUpperCased: Bool

        public init(
            queues: EntityChanges, flows: EntityChanges, wrapupCodes: EntityChanges, destinationFlowTypesUpperCased: Bool
        ) {
            self.queues = queues
            self.flows = flows
            self.wrapupCodes = wrapupCodes
            self.destinationFlowTypesUpperCased = destinationFlowTypesUpperCased
        }
    }
}
