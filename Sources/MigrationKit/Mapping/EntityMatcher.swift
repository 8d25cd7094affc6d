/// Matches the source entities of one list to destination entities by name, as the generator's
/// automatic step: no admin decisions, no file.
///
/// Within a scope (the whole list; for flows, the flows of one type, types compared
/// case-insensitively):
/// 1. **Exact.** Source and destination entities are grouped by exact name (Unicode canonical
///    equivalence, as Swift compares strings). A name with one entity on each side is an exact
///    match. A name with several on either side is ambiguous, unless (queues) the division names
///    single out exactly one pair: the source queue's division is held by exactly one queue of the
///    name on each side, comparing division names exactly and then normalised.
/// 2. **Normalised.** Names that exist on only one side are compared normalised
///    (``NameNormalizer``), with the same one-each / division / ambiguous rule. Destination entities
///    whose exact name a source entity has take no part: `Billing` and `BILLING` in the source
///    with only `Billing` in the destination give one exact match and one unmatched queue, not a
///    merge of two source queues into one.
/// 3. **Unmatched.** A source entity with no destination entity of its name, exact or normalised.
///
/// The outcome depends only on the entities, not on the order of the lists.
struct EntityMatcher {
    /// What the matcher found for one source entity.
    enum Outcome: Equatable {
        /// One destination entity, matched `exact` or `normalized`.
        case matched(RoutingEntity, MappingMatch)
        /// Several destination entities could be meant.
        case ambiguous([RoutingEntity])
        case unmatched
    }

    /// Whether queues' divisions may single out a pair among entities of the same name.
    let usesDivisions: Bool
    /// Whether entities are matched only within the same (case-insensitive) type.
    let scopesByType: Bool

    /// The matcher for one list.
    init(kind: MappingKind) {
        usesDivisions = kind == .queues
        scopesByType = kind == .flows
    }

    /// The outcome for every source entity, by source id. Ids are expected to be unique per side.
    func match(sources: [RoutingEntity], destinations: [RoutingEntity]) -> [String: Outcome] {
        guard scopesByType else { return matchScope(sources, destinations) }
        let destinationsByType = Dictionary(grouping: destinations) { Self.scope($0) }
        var outcomes: [String: Outcome] = [:]
        for (type, scopeSources) in Dictionary(grouping: sources, by: { Self.scope($0) }) {
            outcomes.merge(matchScope(scopeSources, destinationsByType[type] ?? [])) { first, _ in first }
        }
        return outcomes
    }

    /// The comparison key of a flow's type.
    static func scope(_ entity: RoutingEntity) -> String { (entity.type ?? "").lowercased() }

    private func matchScope(_ sources: [RoutingEntity], _ destinations: [RoutingEntity]) -> [String: Outcome] {
        var outcomes: [String: Outcome] = [:]
        let sourcesByName = Dictionary(grouping: sources, by: \.name)
        let destinationsByName = Dictionary(grouping: destinations, by: \.name)
        var leftSources: [RoutingEntity] = []
        for (name, group) in sourcesByName {
            if let candidates = destinationsByName[name] {
                resolve(group, candidates, as: .exact, into: &outcomes)
            } else {
                leftSources.append(contentsOf: group)
            }
        }
        let leftDestinations = destinations.filter { sourcesByName[$0.name] == nil }
        let destinationsByKey = Dictionary(grouping: leftDestinations) { NameNormalizer.normalize($0.name) }
        for (key, group) in Dictionary(grouping: leftSources, by: { NameNormalizer.normalize($0.name) }) {
            if let candidates = destinationsByKey[key] {
                resolve(group, candidates, as: .normalized, into: &outcomes)
            } else {
                for source in group { outcomes[source.id] = .unmatched }
            }
        }
        return outcomes
    }

    /// Source entities `group` and destination entities `candidates` share a name (compared as
    /// `match` says): pair them one to one, by division when there are several.
    private func resolve(
        _ group: [RoutingEntity], _ candidates: [RoutingEntity], as match: MappingMatch, into outcomes: inout [String: Outcome]
    ) {
        if group.count == 1 && candidates.count == 1 {
            outcomes[group[0].id] = .matched(candidates[0], match)
            return
        }
        for source in group {
            let byDivision = usesDivisions
                ? Self.singlePair(source, group, candidates, { $0 })
                    ?? Self.singlePair(source, group, candidates, { $0.map(NameNormalizer.normalize) })
                : nil
            if let pair = byDivision {
                outcomes[source.id] = .matched(pair, match)
            } else {
                outcomes[source.id] = .ambiguous(candidates)
            }
        }
    }

    /// The one candidate whose division (under `key`) is the source's, when exactly one source of
    /// the group and exactly one candidate have that division.
    private static func singlePair(
        _ source: RoutingEntity, _ group: [RoutingEntity], _ candidates: [RoutingEntity], _ key: (String?) -> String?
    ) -> RoutingEntity? {
        guard let division = key(source.division) else { return nil }
        let sameSources = group.filter { key($0.division) == division }
        let sameCandidates = candidates.filter { key($0.division) == division }
        return sameSources.count == 1 && sameCandidates.count == 1 ? sameCandidates[0] : nil
    }
}
