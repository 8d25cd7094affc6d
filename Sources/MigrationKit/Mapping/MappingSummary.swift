/// How a mapping stands, per list: how many source entities matched each way, and which
/// destination entities no source entity maps to.
public struct MappingSummary: Sendable, Equatable {
    /// The counts of one list.
    public struct Counts: Sendable, Equatable {
        /// Source entities whose entry's match is `exact`.
        public var exact = 0
        /// Source entities whose entry's match is `normalized`.
        public var normalized = 0
        /// Source entities whose entry's match is `manual`.
        public var manual = 0
        /// Source entities whose entry's match is `ambiguous`.
        public var ambiguous = 0
        /// Source entities whose entry's match is `unmatched`.
        public var unmatched = 0
        /// Source entities whose entry's match is `excluded`.
        public var excluded = 0
        /// Destination entities that no entry maps to and no ambiguous entry lists as a candidate,
        /// sorted by name, then id. Flows carry their type, lower-case.
        public var destinationOnlyEntities: [RoutingEntity] = []

        /// Empty counts.
        public init() {}

        /// Counts of the entries, with the destination-only entities.
        public init(entries: [MappingEntry], destinationOnly: [RoutingEntity] = []) {
            for entry in entries { add(entry.match) }
            destinationOnlyEntities = destinationOnly
        }

        /// The number of destination-only entities.
        public var destinationOnly: Int { destinationOnlyEntities.count }
        /// The names of the destination-only entities (flows: `Name (type)`).
        public var destinationOnlyNames: [String] {
            destinationOnlyEntities.map { entity in entity.type.map { "\(entity.name) (\($0))" } ?? entity.name }
        }
        /// The number of source entities: one entry each.
        public var total: Int { exact + normalized + manual + ambiguous + unmatched + excluded }
        /// Whether every source entity is mapped or excluded: no ambiguous or unmatched entry left.
        public var isResolved: Bool { ambiguous == 0 && unmatched == 0 }

        /// The count of entries with `match`.
        public subscript(match: MappingMatch) -> Int {
            switch match {
            case .exact: return exact
            case .normalized: return normalized
            case .manual: return manual
            case .ambiguous: return ambiguous
            case .unmatched: return unmatched
            case .excluded: return excluded
            }
        }

        private mutating func add(_ match: MappingMatch) {
            switch match {
            case .exact: exact += 1
            case .normalized: normalized += 1
            case .manual: manual += 1
            case .ambiguous: ambiguous += 1
            case .unmatched: unmatched += 1
            case .excluded: excluded += 1
            }
        }
    }

    /// The queues' counts.
    public var queues: Counts
    /// The flows' counts.
    public var flows: Counts
    /// The wrap-up codes' counts.
    public var wrapupCodes: Counts

    /// A summary from each list's counts.
    public init(queues: Counts = Counts(), flows: Counts = Counts(), wrapupCodes: Counts = Counts()) {
        self.queues = queues
        self.flows = flows
        self.wrapupCodes = wrapupCodes
    }

    /// The counts of one list.
    public subscript(kind: MappingKind) -> Counts {
        get {
            switch kind {
            case .queues: return queues
            case .flows: return flows
            case .wrapupCodes: return wrapupCodes
            }
        }
        set {
            switch kind {
            case .queues: queues = newValue
            case .flows: flows = newValue
            case .wrapupCodes: wrapupCodes = newValue
            }
        }
    }

    /// Whether every list is resolved: the mapping can be used for the transform phase.
    public var isResolved: Bool { MappingKind.allCases.allSatisfy { self[$0].isResolved } }

    /// The names of one list's destination-only entities.
    public func destinationOnlyNames(_ kind: MappingKind) -> [String] { self[kind].destinationOnlyNames }

    /// A fixed-width table for a terminal: a header, one row per list, numbers right-aligned.
    ///
    /// ```
    /// list           exact  normalized  manual  ambiguous  unmatched  excluded  destination-only  resolved
    /// queues           142           6       0          1          1         0                 4  no
    /// ```
    public func table() -> String {
        let headers = ["list", "exact", "normalized", "manual", "ambiguous", "unmatched", "excluded", "destination-only", "resolved"]
        let rows = MappingKind.allCases.map { kind -> [String] in
            let c = self[kind]
            return [kind.description] + [c.exact, c.normalized, c.manual, c.ambiguous, c.unmatched, c.excluded, c.destinationOnly].map(String.init)
                + [c.isResolved ? "yes" : "no"]
        }
        let widths = headers.indices.map { column in ([headers] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column -> String in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                // Text columns are left-aligned (the last unpadded: no trailing blanks), numbers right-aligned.
                if column == cells.count - 1 { return cells[column] }
                return column == 0 ? cells[column] + padding : padding + cells[column]
            }.joined(separator: "  ")
        }
        return ([headers] + rows).map(line).joined(separator: "\n") + "\n"
    }
}
