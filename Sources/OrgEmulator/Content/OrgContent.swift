import Essentials

/// Everything an emulated org holds when it starts: identity, routing configuration, and its
/// interactions as full §6 records (with `id`, `selfUri`, `version`, `createdDate`,
/// `lastUpdatedDate`), sorted by `startTime`.
public struct OrgContent: Sendable {
    public var name: String
    public var id: String
    /// `thirdPartyOrgName` and `domain` of `/api/v2/organizations/me`.
    public var domain: String
    public var queues: [EmulatedQueue]
    public var flows: [EmulatedFlow]
    public var wrapupCodes: [EmulatedWrapupCode]
    /// Schema versions the org supports, e.g. `["v2.1", "v2.2"]`.
    public var schemaVersions: [String]
    public var interactions: [JSONValue]

    public init(
        name: String, id: String, domain: String, queues: [EmulatedQueue] = [], flows: [EmulatedFlow] = [],
        wrapupCodes: [EmulatedWrapupCode] = [], schemaVersions: [String] = ["v2.1"], interactions: [JSONValue] = []
    ) {
        self.name = name
        self.id = id
        self.domain = domain
        self.queues = queues
        self.flows = flows
        self.wrapupCodes = wrapupCodes
        self.schemaVersions = schemaVersions
        self.interactions = interactions
    }
}
