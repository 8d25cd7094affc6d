import Essentials

extension OrgClient {
    /// The path of the interaction schema list (contract §6).
    public static let interactionSchemasPath = "/api/v2/interaction/export/schemas"

    /// `GET /api/v2/interaction/export/schemas`: the schema versions the org supports and their
    /// fields, or nil when the org answers 404. That is how a Genesys Cloud org is told from one
    /// that serves the contract's interaction export and import jobs (the emulator): a real org
    /// has neither the list nor the jobs.
    public func interactionSchemas() async throws -> JSONValue? {
        do {
            return try await get(Self.interactionSchemasPath)
        } catch let error as OrgAPIError where error.status == 404 {
            return nil
        }
    }
}
