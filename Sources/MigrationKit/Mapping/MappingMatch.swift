/// How a source entity was mapped, as the `match` field of a mapping file entry writes it.
public enum MappingMatch: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// One destination entity has the same name (and, for flows, type).
    case exact
    /// One destination entity has the same name once both are normalised (``NameNormalizer``).
    case normalized
    /// An admin chose the destination entity by setting `destinationId`.
    case manual
    /// Several destination entities could be meant; `candidates` lists them and an admin decides.
    case ambiguous
    /// No destination entity has the name, even normalised.
    case unmatched
    /// An admin decided the source entity maps to nothing: references to it are not remapped.
    case excluded

    /// The spelling in a mapping file.
    public var description: String { rawValue }

    /// Whether an entry with this match must name a destination (`exact`, `normalized`, `manual`):
    /// exactly these carry a non-null `destinationId`.
    public var hasDestination: Bool {
        switch self {
        case .exact, .normalized, .manual: return true
        case .ambiguous, .unmatched, .excluded: return false
        }
    }

    /// Whether the entry needs no more attention from an admin: mapped, or deliberately excluded.
    public var isResolved: Bool { self != .ambiguous && self != .unmatched }

    /// The six spellings in file order, for messages: `exact, normalized, manual, ...`.
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
