/// Why the routing lists an org served could not be turned into an ``OrgDirectory``.
///
/// These are problems with what the org returned, not with anything the admin wrote: the lists
/// are re-read on every run, so retrying is the first thing to try.
public enum OrgDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Entity `index` (0-based, over all pages) of the list is not a JSON object.
    case notAnObject(orgName: String, list: MappingKind, index: Int, found: String)
    /// Entity `index` (0-based, over all pages) of the list lacks the string `field` (`id` and
    /// `name` for every list, `type` for flows; an empty `id` or `type` counts as missing).
    case missingField(orgName: String, list: MappingKind, index: Int, field: String)

    /// What the org returned and what to do about it, lower-case.
    public var description: String {
        switch self {
        case let .notAnObject(orgName, list, index, found):
            return "org \"\(orgName)\" listed \(list) entity \(index) as \(found), not an object; "
                + "run again, and if it persists report it to the org's administrator with this message"
        case let .missingField(orgName, list, index, field):
            return "org \"\(orgName)\" listed \(list) entity \(index) without a string \"\(field)\"; "
                + "run again, and if it persists check the \(list.singular) in the org's admin pages"
        }
    }
}
