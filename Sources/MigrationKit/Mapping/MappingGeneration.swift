/// What ``MappingGenerator/generate(source:destination:previous:generatedAt:)`` produced: the file
/// to write, its summary, and the admin decisions of the previous file that could not be kept.
public struct MappingGeneration: Sendable {
    /// An admin decision (`manual` or `excluded`) of the previous file that the new file does not
    /// keep: its source entity gets an automatic entry instead, or none when it is gone.
    public struct DroppedDecision: Sendable, Equatable, CustomStringConvertible {
        /// Why a decision was dropped.
        public enum Reason: Sendable, Equatable {
            /// The source org no longer has an entity of this list with the decision's source id.
            case sourceEntityGone
            /// The destination org no longer has an entity of this list with the manual decision's
            /// destination id.
            case destinationEntityGone
            /// The manual decision names no destination (only possible for a file built in memory).
            case noDestination
            /// The previous file was made for another source org (its id is given).
            case otherSourceOrg(previousOrgId: String)
            /// The previous file was made for another destination org (its id is given): manual
            /// decisions name that org's entities. Excluded decisions are kept.
            case otherDestinationOrg(previousOrgId: String)
        }

        /// The list the decision was in.
        public var kind: MappingKind
        /// The decision's source entity id.
        public var sourceId: String
        /// The source entity's name as the previous file had it.
        public var sourceName: String
        /// `manual` or `excluded`.
        public var match: MappingMatch
        /// The destination a manual decision named.
        public var destinationId: String?
        /// Why it was dropped.
        public var reason: Reason

        /// A decision dropped for `reason`.
        public init(
            kind: MappingKind, sourceId: String, sourceName: String, match: MappingMatch, destinationId: String?,
            reason: Reason
        ) {
            self.kind = kind
            self.sourceId = sourceId
            self.sourceName = sourceName
            self.match = match
            self.destinationId = destinationId
            self.reason = reason
        }

        /// One line for the admin: which decision, and why it is gone.
        public var description: String {
            let what = "\(kind.singular) \(MappingFileError.quoted(sourceName)) (\(sourceId)): the \(match) decision"
                + (destinationId.map { " for destination \($0)" } ?? "")
            switch reason {
            case .sourceEntityGone:
                return "\(what) was dropped because the source org no longer has this \(kind.singular)"
            case .destinationEntityGone:
                return "\(what) was dropped because the destination org no longer has that \(kind.singular); "
                    + "choose another destination in the mapping file"
            case .noDestination:
                return "\(what) was dropped because it names no destination; set \"destinationId\" in the mapping file"
            case .otherSourceOrg(let previous):
                return "\(what) was dropped because the previous mapping file was made for source org \(previous)"
            case .otherDestinationOrg(let previous):
                return "\(what) was dropped because the previous mapping file was made for destination org \(previous); "
                    + "choose a destination in this org"
            }
        }
    }

    /// The new mapping file, entries in file order.
    public var file: MappingFile
    /// Counts per list, and the destination-only entities.
    public var summary: MappingSummary
    /// Decisions of the previous file not kept, by list, then source name and id.
    public var droppedDecisions: [DroppedDecision]

    /// A generation from its parts.
    public init(file: MappingFile, summary: MappingSummary, droppedDecisions: [DroppedDecision]) {
        self.file = file
        self.summary = summary
        self.droppedDecisions = droppedDecisions
    }
}
