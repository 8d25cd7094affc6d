import Essentials

/// One org's identity and routing configuration: everything the mapping generator and checker
/// read. The org client fills it from the §4 and §5 endpoints.
public struct OrgDirectory: Sendable {
    /// The org's id (`/api/v2/organizations/me` `id`).
    public var orgId: String
    /// The org's name, e.g. `Acme Prod`.
    public var orgName: String
    /// The API base the org was read from, e.g. `https://api.mypurecloud.com`.
    public var apiBase: String
    /// The org's queues, each with its division's name.
    public var queues: [RoutingEntity]
    /// The org's flows, each with its type as served.
    public var flows: [RoutingEntity]
    /// The org's wrap-up codes.
    public var wrapupCodes: [RoutingEntity]

    /// A directory from already converted entities.
    public init(
        orgId: String, orgName: String, apiBase: String, queues: [RoutingEntity] = [], flows: [RoutingEntity] = [],
        wrapupCodes: [RoutingEntity] = []
    ) {
        self.orgId = orgId
        self.orgName = orgName
        self.apiBase = apiBase
        self.queues = queues
        self.flows = flows
        self.wrapupCodes = wrapupCodes
    }

    /// The entities of one list.
    public subscript(kind: MappingKind) -> [RoutingEntity] {
        switch kind {
        case .queues: return queues
        case .flows: return flows
        case .wrapupCodes: return wrapupCodes
        }
    }

    /// A directory from the entities of the three §5 lists, as the org served them (all pages
    /// concatenated).
    ///
    /// Reads `id` and `name` of every entity, `division.name` of queues (optional) and `type` of
    /// flows; other fields are ignored. An entity listed twice (paging while the org changes can do
    /// that) is kept as listed: the generator keeps one entity per id.
    ///
    /// - Throws: ``OrgDirectoryError`` naming the list and the index of the first entity that is not
    ///   an object or lacks a string `id` or `name` (or, for flows, `type`).
    public static func from(
        orgId: String, orgName: String, apiBase: String, queues: [JSONValue], flows: [JSONValue], wrapupCodes: [JSONValue]
    ) throws -> OrgDirectory {
        func entities(_ list: [JSONValue], _ kind: MappingKind) throws -> [RoutingEntity] {
            try list.enumerated().map { index, value in
                guard case .object(let object) = value else {
                    throw OrgDirectoryError.notAnObject(orgName: orgName, list: kind, index: index, found: value.kindDescription)
                }
                func string(_ field: String) throws -> String {
                    guard let text = object[field]?.stringValue, !text.isEmpty || field == "name" else {
                        throw OrgDirectoryError.missingField(orgName: orgName, list: kind, index: index, field: field)
                    }
                    return text
                }
                let id = try string("id"), name = try string("name")
                switch kind {
                case .queues:
                    return RoutingEntity(id: id, name: name, division: object["division"]?["name"]?.stringValue)
                case .flows:
                    return RoutingEntity(id: id, name: name, type: try string("type"))
                case .wrapupCodes:
                    return RoutingEntity(id: id, name: name)
                }
            }
        }
        return OrgDirectory(
            orgId: orgId, orgName: orgName, apiBase: apiBase, queues: try entities(queues, .queues),
            flows: try entities(flows, .flows), wrapupCodes: try entities(wrapupCodes, .wrapupCodes)
        )
    }
}
