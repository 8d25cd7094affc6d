/// What ``MappingChecker/check(file:destination:)`` found: entries whose destination is gone, and
/// whether the file was made for this destination org at all.
public struct MappingCheckResult: Sendable, Equatable {
    /// An entry whose `destinationId` the destination org no longer has in that list.
    public struct StaleEntry: Sendable, Equatable, CustomStringConvertible {
        /// The entry's list.
        public var kind: MappingKind
        /// The entry's source entity id.
        public var sourceId: String
        /// The entry's source entity name.
        public var sourceName: String
        /// The destination id the destination org no longer has.
        public var destinationId: String
        /// The destination name the file recorded, if any.
        public var destinationName: String?
        /// The entry's match (`exact`, `normalized` or `manual`).
        public var match: MappingMatch
        /// The list of the destination org that has `destinationId` instead, when another one does
        /// (an id of the wrong kind, such as a queue's id given to a flow); nil when none has it.
        public var foundAs: MappingKind?

        /// A stale entry from its fields.
        public init(
            kind: MappingKind, sourceId: String, sourceName: String, destinationId: String, destinationName: String?,
            match: MappingMatch, foundAs: MappingKind? = nil
        ) {
            self.kind = kind
            self.sourceId = sourceId
            self.sourceName = sourceName
            self.destinationId = destinationId
            self.destinationName = destinationName
            self.match = match
            self.foundAs = foundAs
        }

        /// One line naming the entry and the missing destination, lower-case.
        public var description: String {
            let named = destinationName.map { " (\(MappingFileError.quoted($0)))" } ?? ""
            let entry = "\(kind.singular) \(MappingFileError.quoted(sourceName)) (\(sourceId)) maps to \(destinationId)\(named)"
            if let foundAs {
                return "\(entry), which is a \(foundAs.singular) in the destination org, not a \(kind.singular); "
                    + "set \"destinationId\" to the id of a destination \(kind.singular), or generate the mapping again"
            }
            return "\(entry), which the destination org no longer has; generate the mapping again or choose another destination"
        }
    }

    /// The file's destination org is not the org checked against.
    public struct OrgMismatch: Sendable, Equatable, CustomStringConvertible {
        /// The destination org id the file records.
        public var fileOrgId: String
        /// The destination org name the file records.
        public var fileOrgName: String
        /// The id of the org the file was checked against.
        public var orgId: String
        /// The name of the org the file was checked against.
        public var orgName: String

        /// A mismatch from its fields.
        public init(fileOrgId: String, fileOrgName: String, orgId: String, orgName: String) {
            self.fileOrgId = fileOrgId
            self.fileOrgName = fileOrgName
            self.orgId = orgId
            self.orgName = orgName
        }

        /// One line naming both orgs, lower-case.
        public var description: String {
            "the mapping file was made for destination org \(MappingFileError.quoted(fileOrgName)) (\(fileOrgId)), "
                + "not \(MappingFileError.quoted(orgName)) (\(orgId)); use the mapping file of this migration or generate one"
        }
    }

    /// Set when the file's destination org id differs from the checked org's.
    public var destinationOrgMismatch: OrgMismatch?
    /// Every stale entry, by list (queues, flows, wrap-up codes), then in file order.
    public var staleEntries: [StaleEntry]

    /// A result from its parts.
    public init(destinationOrgMismatch: OrgMismatch? = nil, staleEntries: [StaleEntry] = []) {
        self.destinationOrgMismatch = destinationOrgMismatch
        self.staleEntries = staleEntries
    }

    /// The stale entries of one list.
    public func staleEntries(_ kind: MappingKind) -> [StaleEntry] { staleEntries.filter { $0.kind == kind } }

    /// Whether the file can be used against the org as it is: same org, no stale entry.
    public var isClean: Bool { destinationOrgMismatch == nil && staleEntries.isEmpty }

    /// Every finding as one line: the org mismatch first, then the stale entries.
    public var findings: [String] {
        (destinationOrgMismatch.map { [$0.description] } ?? []) + staleEntries.map(\.description)
    }
}
