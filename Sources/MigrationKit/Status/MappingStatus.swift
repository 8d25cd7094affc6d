import Essentials

/// Where a migration's mapping file stands, for `status`: whether there is one, the two orgs it
/// names, and the entries still waiting for an admin's decision.
public struct MappingStatus: Sendable, Equatable {
    /// An entry that is ambiguous or unmatched: an admin must set its destination or exclude it.
    public struct OpenEntry: Sendable, Equatable, CustomStringConvertible {
        public var kind: MappingKind
        public var sourceId: String
        public var sourceName: String
        /// `ambiguous` or `unmatched`.
        public var match: MappingMatch

        public init(kind: MappingKind, sourceId: String, sourceName: String, match: MappingMatch) {
            self.kind = kind
            self.sourceId = sourceId
            self.sourceName = sourceName
            self.match = match
        }

        /// `queue "Billing" (source id 1234) is ambiguous`.
        public var description: String {
            "\(kind.singular) \(MappingFileError.quoted(sourceName)) (source id \(sourceId)) is \(match.rawValue)"
        }
    }

    /// The mapping file's path.
    public var path: String
    /// The file's content; nil when there is no file.
    public var file: MappingFile?
    /// SHA-256 of the file's bytes (what a transform fingerprint records); nil when there is no file.
    public var sha256: String?

    /// The status of the mapping file at `path`, read as `file` with bytes hashing to `sha256`.
    public init(path: String, file: MappingFile?, sha256: String?) {
        self.path = path
        self.file = file
        self.sha256 = sha256
    }

    public var isPresent: Bool { file != nil }

    /// The counts of each list.
    public var summary: MappingSummary {
        guard let file else { return MappingSummary() }
        return MappingSummary(queues: .init(entries: file.queues), flows: .init(entries: file.flows),
                              wrapupCodes: .init(entries: file.wrapupCodes))
    }

    /// Every ambiguous or unmatched entry: queues, flows, then wrap-up codes, each in file order.
    public var openEntries: [OpenEntry] {
        guard let file else { return [] }
        return MappingKind.allCases.flatMap { kind in
            file[kind].filter { !$0.match.isResolved }.map {
                OpenEntry(kind: kind, sourceId: $0.sourceId, sourceName: $0.sourceName, match: $0.match)
            }
        }
    }

    /// The mapping entries whose destination is `id` (any case), as `queue "Billing" (source id 1234)`.
    public func entries(mappingTo id: String) -> [String] {
        guard let file else { return [] }
        let wanted = id.lowercased()
        return MappingKind.allCases.flatMap { kind in
            file[kind].filter { $0.destinationId?.lowercased() == wanted }.map {
                "\(kind.singular) \(MappingFileError.quoted($0.sourceName)) (source id \($0.sourceId))"
            }
        }
    }

    /// The destination name of wrap-up code `id` as the file records it, for `--fallback-wrapup-code`.
    public func wrapupCodeName(destinationId id: String) -> String? {
        file?.wrapupCodes.first { $0.match.hasDestination && $0.destinationId?.lowercased() == id.lowercased() && $0.destinationName != nil }?
            .destinationName
    }
}
