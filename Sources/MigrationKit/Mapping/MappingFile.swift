import Essentials

/// A migration's mapping file (`mappings/NAME.json`): for every source queue, flow and wrap-up
/// code, the destination entity that replaces it, or why there is none.
///
/// ```json
/// {
///   "formatVersion": 1,
///   "generatedAt": "2026-01-10T12:00:00.000Z",
///   "source": {"orgId": "...", "orgName": "Acme Prod", "apiBase": "https://api.mypurecloud.com"},
///   "destination": {"orgId": "...", "orgName": "Acme EU", "apiBase": "https://api.mypurecloud.ie"},
///   "queues": [{"sourceId": "...", "sourceName": "Billing Support", "sourceDivision": "Home",
///               "destinationId": "...", "destinationName": "billing support", "match": "normalized"}],
///   "flows": [{"sourceId": "...", "sourceName": "Main IVR", "type": "inboundcall",
///              "destinationId": "...", "destinationName": "Main IVR", "match": "exact"}],
///   "wrapupCodes": [{"sourceId": "...", "sourceName": "Resolved", "destinationId": null, "match": "unmatched"}]
/// }
/// ```
///
/// ``MappingGenerator`` writes it; an admin edits it by setting `destinationId` and
/// `"match": "manual"`, or `"match": "excluded"`; the transform phase reads it through the lookups
/// (``destination(forQueue:)`` and its siblings), which are backed by an index built when an entry
/// list is set, so a lookup costs one hash.
public struct MappingFile: Sendable, Equatable {
    /// The org a file maps from or to, as it was when the file was generated.
    public struct Org: Sendable, Equatable {
        /// The org's id.
        public var orgId: String
        /// The org's name.
        public var orgName: String
        /// The API base the org was read from.
        public var apiBase: String

        /// An org from its fields.
        public init(orgId: String, orgName: String, apiBase: String) {
            self.orgId = orgId
            self.orgName = orgName
            self.apiBase = apiBase
        }

        /// The identity of a directory's org.
        public init(_ directory: OrgDirectory) {
            self.init(orgId: directory.orgId, orgName: directory.orgName, apiBase: directory.apiBase)
        }
    }

    /// The only `formatVersion` this version of the tool reads and writes.
    public static let formatVersion = 1

    /// When the file was generated.
    public var generatedAt: ISOTimestamp
    /// The org the history comes from.
    public var source: Org
    /// The org the history goes to.
    public var destination: Org
    /// One entry per source queue.
    public var queues: [MappingEntry] { didSet { index[.queues] = Self.index(queues) } }
    /// One entry per source flow.
    public var flows: [MappingEntry] { didSet { index[.flows] = Self.index(flows) } }
    /// One entry per source wrap-up code.
    public var wrapupCodes: [MappingEntry] { didSet { index[.wrapupCodes] = Self.index(wrapupCodes) } }

    /// Entry positions by source id, per list. A source id listed twice (which ``read(path:)``
    /// refuses) finds its first entry.
    private var index: [MappingKind: [String: Int]]

    /// A file from its parts. Entries may be in any order: the file is written sorted.
    public init(
        generatedAt: ISOTimestamp, source: Org, destination: Org, queues: [MappingEntry] = [],
        flows: [MappingEntry] = [], wrapupCodes: [MappingEntry] = []
    ) {
        self.generatedAt = generatedAt
        self.source = source
        self.destination = destination
        self.queues = queues
        self.flows = flows
        self.wrapupCodes = wrapupCodes
        index = [.queues: Self.index(queues), .flows: Self.index(flows), .wrapupCodes: Self.index(wrapupCodes)]
    }

    /// The entries of one list.
    public subscript(kind: MappingKind) -> [MappingEntry] {
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

    /// Files are equal when their content is: the lookup index is derived from it.
    public static func == (a: MappingFile, b: MappingFile) -> Bool {
        a.generatedAt == b.generatedAt && a.source == b.source && a.destination == b.destination
            && a.queues == b.queues && a.flows == b.flows && a.wrapupCodes == b.wrapupCodes
    }

    // MARK: - Lookups for the transform phase

    /// The entry for the source entity `sourceId` of list `kind`, whatever its match.
    public func entry(for kind: MappingKind, sourceId: String) -> MappingEntry? {
        guard let position = index[kind]?[sourceId] else { return nil }
        return self[kind][position]
    }

    /// The destination that replaces source entity `sourceId` of list `kind`: its id and, when the
    /// file has it, its name. `nil` unless the entry's match is `exact`, `normalized` or `manual`
    /// (excluded, ambiguous, unmatched and unknown entities have no destination).
    public func destination(for kind: MappingKind, sourceId: String) -> (id: String, name: String?)? {
        guard let entry = entry(for: kind, sourceId: sourceId), entry.match.hasDestination,
            let id = entry.destinationId
        else { return nil }
        return (id, entry.destinationName)
    }

    /// The destination queue that replaces source queue `sourceId`; see ``destination(for:sourceId:)``.
    public func destination(forQueue sourceId: String) -> (id: String, name: String?)? {
        destination(for: .queues, sourceId: sourceId)
    }

    /// The destination flow that replaces source flow `sourceId`; see ``destination(for:sourceId:)``.
    public func destination(forFlow sourceId: String) -> (id: String, name: String?)? {
        destination(for: .flows, sourceId: sourceId)
    }

    /// The destination wrap-up code that replaces source wrap-up code `sourceId`; see
    /// ``destination(for:sourceId:)``.
    public func destination(forWrapupCode sourceId: String) -> (id: String, name: String?)? {
        destination(for: .wrapupCodes, sourceId: sourceId)
    }

    private static func index(_ entries: [MappingEntry]) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() where positions[entry.sourceId] == nil {
            positions[entry.sourceId] = position
        }
        return positions
    }
}
