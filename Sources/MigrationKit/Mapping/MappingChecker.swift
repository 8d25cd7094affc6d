/// Checks a mapping file against the destination org as it is now, before the transform phase
/// relies on it: configuration can change between generating the file and migrating.
public enum MappingChecker {
    /// The entries of `file` whose `destinationId` `destination` no longer has (in the same list),
    /// and whether `file` was made for `destination` at all (by org id).
    ///
    /// Only entries with a destination (`exact`, `normalized`, `manual`) can be stale. Both findings
    /// are reported together: a file made for another org usually has every entry stale too.
    public static func check(file: MappingFile, destination: OrgDirectory) -> MappingCheckResult {
        var result = MappingCheckResult()
        if file.destination.orgId != destination.orgId {
            result.destinationOrgMismatch = .init(
                fileOrgId: file.destination.orgId, fileOrgName: file.destination.orgName, orgId: destination.orgId,
                orgName: destination.orgName
            )
        }
        for kind in MappingKind.allCases {
            let ids = Set(destination[kind].map(\.id))
            for entry in file[kind].sorted(by: MappingEntry.fileOrder) where entry.match.hasDestination {
                guard let id = entry.destinationId, !ids.contains(id) else { continue }
                result.staleEntries.append(.init(
                    kind: kind, sourceId: entry.sourceId, sourceName: entry.sourceName, destinationId: id,
                    destinationName: entry.destinationName, match: entry.match
                ))
            }
        }
        return result
    }
}
