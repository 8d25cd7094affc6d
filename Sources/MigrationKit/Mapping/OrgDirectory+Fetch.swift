import Essentials

extension OrgDirectory {
    /// The org's queues, flows and wrap-up codes (§5), fetched page by page, three lists at once.
    public static func fetch(using client: OrgClient, identity: OrgIdentity) async throws -> OrgDirectory {
        async let queues = client.listAll("/api/v2/routing/queues")
        async let flows = client.listAll("/api/v2/flows")
        async let codes = client.listAll("/api/v2/routing/wrapupcodes")
        return try OrgDirectory.from(orgId: identity.id, orgName: identity.name, apiBase: identity.apiBase,
                                     queues: try await queues, flows: try await flows, wrapupCodes: try await codes)
    }
}
