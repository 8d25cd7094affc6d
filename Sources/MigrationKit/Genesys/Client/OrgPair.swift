/// The source and destination orgs of a migration, connected: a client for each and the
/// identity each reported, checked to be two different orgs.
public struct OrgPair: Sendable {
    public let source: OrgClient
    public let destination: OrgClient
    public let sourceIdentity: OrgIdentity
    public let destinationIdentity: OrgIdentity

    /// Asks both orgs who they are (at once) and refuses a pair that is one org.
    ///
    /// - Throws: the clients' errors, or ``OrgPairError/sameOrg(source:destination:)``.
    public static func connect(source: OrgClient, destination: OrgClient) async throws -> OrgPair {
        async let sourceIdentity = source.organization()
        async let destinationIdentity = destination.organization()
        let (s, d) = try await (sourceIdentity, destinationIdentity)
        try check(source: s, destination: d)
        return OrgPair(source: source, destination: destination, sourceIdentity: s, destinationIdentity: d)
    }

    /// Refuses a pair whose source and destination are the same org (same `id`, contract §4):
    /// a migration into the org it reads from would duplicate every interaction.
    ///
    /// - Throws: ``OrgPairError/sameOrg(source:destination:)``.
    public static func check(source: OrgIdentity, destination: OrgIdentity) throws(OrgPairError) {
        if source.id.lowercased() == destination.id.lowercased() {
            throw .sameOrg(source: source, destination: destination)
        }
    }
}
