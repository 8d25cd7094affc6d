import Essentials

/// Builds a mapping file from the two orgs' routing configuration, keeping the admin decisions of
/// the previous file that still apply.
///
/// Every source entity gets one entry. An admin decision of the previous file (`manual` with a
/// destination id, or `excluded`) is kept when its source entity still exists and, for `manual`,
/// its destination entity does too (in the same list); otherwise it is dropped and reported, and
/// the entity is matched automatically by name (``EntityMatcher``: exact, then normalised, then
/// ambiguous or unmatched). Automatic entries of the previous file are not read: they are
/// recomputed, so renames in either org are picked up.
///
/// The result depends only on the content of the inputs, never on the order of their lists: the
/// same orgs give the same bytes.
public enum MappingGenerator {
    /// The mapping from `source` to `destination`, keeping the still-valid decisions of `previous`.
    ///
    /// An entity listed twice with the same id (as paging can do while an org changes) counts
    /// once. Flow types are written lower-case.
    public static func generate(
        source: OrgDirectory, destination: OrgDirectory, previous: MappingFile?, generatedAt: ISOTimestamp
    ) -> MappingGeneration {
        var file = MappingFile(generatedAt: generatedAt, source: MappingFile.Org(source), destination: MappingFile.Org(destination))
        var summary = MappingSummary()
        var dropped: [MappingGeneration.DroppedDecision] = []
        for kind in MappingKind.allCases {
            let sources = deduplicated(source[kind]), destinations = deduplicated(destination[kind])
            let destinationsById = Dictionary(destinations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let (decisions, droppedHere) = keptDecisions(
                previous, kind, sourceIds: Set(sources.map(\.id)), destinationIds: Set(destinationsById.keys),
                sourceOrgId: source.orgId, destinationOrgId: destination.orgId
            )
            dropped += droppedHere.sorted { ($0.sourceName, $0.sourceId) < ($1.sourceName, $1.sourceId) }
            let outcomes = EntityMatcher(kind: kind).match(sources: sources, destinations: destinations)

            let entries = sources.map { entity -> MappingEntry in
                var entry = MappingEntry(sourceId: entity.id, sourceName: entity.name, match: .unmatched)
                switch kind {
                case .queues: entry.sourceDivision = entity.division
                case .flows: entry.type = EntityMatcher.scope(entity)
                case .wrapupCodes: break
                }
                if let decision = decisions[entity.id] {
                    entry.match = decision.match
                    if decision.match == .manual, let id = decision.destinationId {
                        entry.destinationId = id
                        entry.destinationName = destinationsById[id]?.name
                    }
                    return entry
                }
                switch outcomes[entity.id] ?? .unmatched {
                case .matched(let target, let match):
                    entry.match = match
                    entry.destinationId = target.id
                    entry.destinationName = target.name
                case .ambiguous(let candidates):
                    entry.match = .ambiguous
                    entry.candidates = candidates.map { candidate(of: $0, kind) }.sorted(by: MappingFile.candidateOrder)
                case .unmatched:
                    entry.match = .unmatched
                }
                return entry
            }.sorted(by: MappingEntry.fileOrder)
            file[kind] = entries

            // Destination entities that nothing maps to; candidates of an ambiguous entry are not
            // destination-only: a source entity is waiting for a decision about them.
            var claimed = Set<String>()
            for entry in entries {
                if entry.match.hasDestination, let id = entry.destinationId { claimed.insert(id) }
                for candidate in entry.candidates { claimed.insert(candidate.id) }
            }
            let destinationOnly = destinations.filter { !claimed.contains($0.id) }.map { entity -> RoutingEntity in
                var entity = entity
                if kind == .flows { entity.type = EntityMatcher.scope(entity) }
                return entity
            }.sorted { ($0.name, $0.type ?? "", $0.id) < ($1.name, $1.type ?? "", $1.id) }
            summary[kind] = MappingSummary.Counts(entries: entries, destinationOnly: destinationOnly)
        }
        return MappingGeneration(file: file, summary: summary, droppedDecisions: dropped)
    }

    /// The admin decisions of `previous` for list `kind` that still apply, by source id, and those
    /// that do not.
    private static func keptDecisions(
        _ previous: MappingFile?, _ kind: MappingKind, sourceIds: Set<String>, destinationIds: Set<String>,
        sourceOrgId: String, destinationOrgId: String
    ) -> (kept: [String: MappingEntry], dropped: [MappingGeneration.DroppedDecision]) {
        guard let previous else { return ([:], []) }
        var kept: [String: MappingEntry] = [:]
        var dropped: [MappingGeneration.DroppedDecision] = []
        var seen = Set<String>()
        for entry in previous[kind] where entry.match == .manual || entry.match == .excluded {
            guard seen.insert(entry.sourceId).inserted else { continue }
            let reason: MappingGeneration.DroppedDecision.Reason?
            if previous.source.orgId != sourceOrgId {
                reason = .otherSourceOrg(previousOrgId: previous.source.orgId)
            } else if !sourceIds.contains(entry.sourceId) {
                reason = .sourceEntityGone
            } else if entry.match == .excluded {
                reason = nil
            } else if previous.destination.orgId != destinationOrgId {
                reason = .otherDestinationOrg(previousOrgId: previous.destination.orgId)
            } else if let id = entry.destinationId {
                reason = destinationIds.contains(id) ? nil : .destinationEntityGone
            } else {
                reason = .noDestination
            }
            if let reason {
                dropped.append(.init(
                    kind: kind, sourceId: entry.sourceId, sourceName: entry.sourceName, match: entry.match,
                    destinationId: entry.destinationId, reason: reason
                ))
            } else {
                kept[entry.sourceId] = entry
            }
        }
        return (kept, dropped)
    }

    private static func candidate(of entity: RoutingEntity, _ kind: MappingKind) -> MappingEntry.Candidate {
        switch kind {
        case .queues: return .init(id: entity.id, name: entity.name, division: entity.division)
        case .flows: return .init(id: entity.id, name: entity.name, type: EntityMatcher.scope(entity))
        case .wrapupCodes: return .init(id: entity.id, name: entity.name)
        }
    }

    /// One entity per id; of entities sharing an id, the least by name, division and type, so the
    /// choice does not depend on list order.
    private static func deduplicated(_ entities: [RoutingEntity]) -> [RoutingEntity] {
        var byId: [String: RoutingEntity] = [:]
        for entity in entities {
            if let kept = byId[entity.id],
                (kept.name, kept.division ?? "", kept.type ?? "") <= (entity.name, entity.division ?? "", entity.type ?? "")
            {
                continue
            }
            byId[entity.id] = entity
        }
        return byId.values.sorted { $0.id < $1.id }
    }
}
