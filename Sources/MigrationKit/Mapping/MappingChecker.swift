/// Checks a mapping file against the destination org as it is now, before the transform phase
/// relies on it: configuration can change between generating the file and migrating.
public enum MappingChecker {
    /// The entries of `file` whose `destinationId` `destination` no longer has (in the same list),
    /// and whether `file` was made for `destination` at all (by org id).
    ///
    /// Only entries with a destination (`exact`, `normalized`, `manual`) can be stale. Both findings
    /// are reported together: a file made for another org usually has every entry stale too. An
    /// id the destination has in another list (a queue's id given to a flow) is stale too, and
    /// the entry says which list has it.
    public static func check(file: MappingFile, destination: OrgDirectory) -> MappingCheckResult {
        var result = MappingCheckResult()
        if file.destination.orgId != destination.orgId {
            result.destinationOrgMismatch = .init(
                fileOrgId: file.destination.orgId, fileOrgName: file.destination.orgName, orgId: destination.orgId,
                orgName: destination.orgName
            )
        }
        var ids: [MappingKind: Set<String>] = [:]
        for kind in MappingKind.allCases { ids[kind] = Set(destination[kind].map(\.id)) }
        for kind in MappingKind.allCases {
            for entry in file[kind].sorted(by: MappingEntry.fileOrder) where entry.match.hasDestination {
                guard let id = entry.destinationId, ids[kind]?.contains(id) != true else { continue }
                let foundAs = MappingKind.allCases.first { $0 != kind && ids[$0]?.contains(id) == true }
                result.staleEntries.append(.init(
                    kind: kind, sourceId: entry.sourceId, sourceName: entry.sourceName, destinationId: id,
                    destinationName: entry.destinationName, match: entry.match, foundAs: foundAs
                ))
            }
        }
        return result
    }
}
