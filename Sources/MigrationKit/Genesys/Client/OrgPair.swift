/// Checks that apply to the source and destination orgs together.
public enum OrgPair {
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
