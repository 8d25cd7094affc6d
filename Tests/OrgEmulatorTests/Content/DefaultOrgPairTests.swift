import Essentials
import OrgEmulator
import Testing

@Suite("Default org pair")
struct DefaultOrgPairTests {
    /// The pair with 500 source records over January 2024.
    static let pair = DefaultOrgPair.make(
        seed: 7, interactionCount: 500, from: ContentFixtures.january, days: ContentFixtures.days
    )

    let source = Self.pair.source
    let destination = Self.pair.destination
    let differences = DefaultOrgPair.differences

    /// A name matcher written from the contract (§5): exact name (and flow type, any case); on
    /// none, the normalised name; one candidate matches, several are ambiguous. With
    /// `divisionTieBreak`, several queue candidates are narrowed to the source queue's division.
    private enum Outcome { case exact, normalised, ambiguous, unmatched }

    private func match<Entity>(
        _ entity: Entity, among candidates: [Entity], name: (Entity) -> String,
        sameKind: (Entity, Entity) -> Bool = { _, _ in true }, tieBreak: ((Entity, Entity) -> Bool)? = nil
    ) -> Outcome {
        func decide(_ found: [Entity]) -> Outcome? {
            if found.count == 1 { return .exact }
            if found.count > 1, let tieBreak, found.filter({ tieBreak(entity, $0) }).count == 1 { return .exact }
            return found.isEmpty ? nil : .ambiguous
        }
        let kind = candidates.filter { sameKind(entity, $0) }
        if let outcome = decide(kind.filter { name($0) == name(entity) }) { return outcome }
        switch decide(kind.filter { ContentFixtures.normalised(name($0)) == ContentFixtures.normalised(name(entity)) }) {
        case .exact?: return .normalised
        case let other?: return other
        case nil: return .unmatched
        }
    }

    private func counts(_ outcomes: [Outcome]) -> DefaultOrgPair.Differences.MatchCounts {
        .init(
            exact: outcomes.filter { $0 == .exact }.count, normalised: outcomes.filter { $0 == .normalised }.count,
            ambiguous: outcomes.filter { $0 == .ambiguous }.count, unmatched: outcomes.filter { $0 == .unmatched }.count
        )
    }

    private func sameType(_ a: EmulatedFlow, _ b: EmulatedFlow) -> Bool { a.type.lowercased() == b.type.lowercased() }

    // MARK: - Identity, schema, size

    @Test("the same seed gives the same pair; the source is the generator's Acme Prod")
    func determinism() throws {
        let again = DefaultOrgPair.make(seed: 7, interactionCount: 500, from: ContentFixtures.january, days: ContentFixtures.days)
        #expect(try ContentFixtures.canonical(again.source) == ContentFixtures.canonical(source))
        #expect(try ContentFixtures.canonical(again.destination) == ContentFixtures.canonical(destination))
        #expect(try ContentFixtures.canonical(source) == ContentFixtures.canonical(ContentFixtures.source))

        let other = DefaultOrgPair.make(seed: 8, interactionCount: 0, from: ContentFixtures.january, days: ContentFixtures.days)
        #expect(other.destination.id != destination.id)
        #expect(Set(other.destination.queues.map(\.id)).isDisjoint(with: destination.queues.map(\.id)))
        #expect(other.destination.queues.map(\.name) == destination.queues.map(\.name))
    }

    @Test("source has history and v2.2; destination is empty and v2.1 only")
    func schemaAndHistory() {
        #expect(source.name == "Acme Prod" && destination.name == "Acme EU")
        #expect(source.domain == "acmeprod" && destination.domain == "acmeeu")
        #expect(source.schemaVersions == ["v2.1", "v2.2"])
        #expect(destination.schemaVersions == ["v2.1"])
        #expect(source.interactions.count == 500)
        #expect(destination.interactions.isEmpty)
        #expect(source.interactions.allSatisfy {
            $0["sentiment"]?["score"]?.doubleValue != nil && $0["sentiment"]?["label"]?.stringValue != nil
        })
    }

    @Test("list sizes: queues need two pages on both sides")
    func sizes() {
        #expect(source.queues.count == 150 && destination.queues.count == 154)
        #expect(source.flows.count == 30 && destination.flows.count == 32)
        #expect(source.wrapupCodes.count == 40 && destination.wrapupCodes.count == 42)
        #expect(source.queues.count > 100 && destination.queues.count > 100)
    }

    @Test("no destination id equals a source id")
    func idsDiffer() {
        func ids(_ org: OrgContent) -> [String] {
            [org.id] + org.queues.flatMap { [$0.id, $0.divisionId] } + org.flows.map(\.id) + org.wrapupCodes.map(\.id)
        }
        let sourceIds = Set(ids(source)), destinationIds = ids(destination)
        #expect(sourceIds.isDisjoint(with: destinationIds))
        // and ids are unique within each org
        #expect(Set(source.queues.map(\.id) + source.flows.map(\.id) + source.wrapupCodes.map(\.id)).count == 220)
        #expect(Set(destination.queues.map(\.id) + destination.flows.map(\.id) + destination.wrapupCodes.map(\.id)).count == 228)
    }

    // MARK: - Each documented difference

    @Test("names that differ only in case")
    func caseOnly() {
        let queues = differences.queues.differingByCase, flows = differences.flows.differingByCase
        let codes = differences.wrapupCodes.differingByCase
        #expect(queues.count == 2 && flows.count == 1 && codes.count == 1)
        for change in queues + flows + codes {
            #expect(change.sourceName != change.destinationName)
            #expect(change.sourceName.lowercased() == change.destinationName.lowercased())
        }
        for change in queues {
            #expect(source.queues.contains { $0.name == change.sourceName })
            #expect(destination.queues.contains { $0.name == change.destinationName })
            #expect(!destination.queues.contains { $0.name == change.sourceName })
        }
        for change in flows {
            let type = change.flowType ?? ""
            #expect(source.flows.contains { $0.name == change.sourceName && $0.type == type })
            #expect(destination.flows.contains { $0.name == change.destinationName && $0.type.lowercased() == type })
            #expect(!destination.flows.contains { $0.name == change.sourceName && $0.type.lowercased() == type })
        }
        for change in codes {
            #expect(source.wrapupCodes.contains { $0.name == change.sourceName })
            #expect(destination.wrapupCodes.contains { $0.name == change.destinationName })
        }
    }

    @Test("names that differ only in surrounding or inner whitespace")
    func whitespaceOnly() {
        let queues = differences.queues.differingByWhitespace, flows = differences.flows.differingByWhitespace
        let codes = differences.wrapupCodes.differingByWhitespace
        #expect(queues.count == 3 && flows.count == 1 && codes.count == 1)
        let changes = queues + flows + codes
        for change in changes {
            #expect(change.sourceName != change.destinationName)
            #expect(ContentFixtures.collapsed(change.destinationName) == change.sourceName)
        }
        // surrounding (leading, trailing) and inner whitespace are all represented
        #expect(changes.contains { $0.destinationName.first == " " })
        #expect(changes.contains { $0.destinationName.last == " " })
        #expect(changes.contains { $0.destinationName.trimmingWhitespace.contains("  ") })
        for change in queues { #expect(destination.queues.contains { $0.name == change.destinationName }) }
        for change in flows {
            #expect(destination.flows.contains { $0.name == change.destinationName && $0.type.lowercased() == change.flowType })
        }
        for change in codes { #expect(destination.wrapupCodes.contains { $0.name == change.destinationName }) }

        let both = differences.queues.differingByCaseAndWhitespace
        #expect(both.count == 1)
        for change in both {
            #expect(ContentFixtures.collapsed(change.destinationName) != change.sourceName)
            #expect(change.destinationName.lowercased() != change.sourceName.lowercased())
            #expect(ContentFixtures.normalised(change.destinationName) == ContentFixtures.normalised(change.sourceName))
            #expect(destination.queues.contains { $0.name == change.destinationName })
        }
    }

    @Test("a queue, a flow and a wrap-up code are missing from the destination under any spelling")
    func missing() {
        #expect(differences.queues.missingInDestination.map(\.name) == ["Broadband Billing"])
        #expect(differences.flows.missingInDestination.map(\.name) == ["Win-back Campaign"])
        #expect(differences.wrapupCodes.missingInDestination.map(\.name) == ["Billing Adjustment"])
        for missing in differences.queues.missingInDestination {
            #expect(source.queues.contains { $0.name == missing.name && $0.divisionName == missing.divisionName })
            #expect(!destination.queues.contains { ContentFixtures.normalised($0.name) == ContentFixtures.normalised(missing.name) })
        }
        for missing in differences.flows.missingInDestination {
            #expect(source.flows.contains { $0.name == missing.name && $0.type == missing.flowType })
            #expect(!destination.flows.contains {
                ContentFixtures.normalised($0.name) == ContentFixtures.normalised(missing.name) && $0.type.lowercased() == missing.flowType
            })
        }
        for missing in differences.wrapupCodes.missingInDestination {
            #expect(source.wrapupCodes.contains { $0.name == missing.name })
            #expect(!destination.wrapupCodes.contains { ContentFixtures.normalised($0.name) == ContentFixtures.normalised(missing.name) })
        }
    }

    @Test("a queue name is ambiguous in the destination: two divisions, neither the source's")
    func ambiguousQueue() throws {
        let ambiguous = try #require(differences.queues.ambiguousInDestination.first)
        #expect(differences.queues.ambiguousInDestination.count == 1)
        let inSource = source.queues.filter { $0.name == ambiguous.name }
        #expect(inSource.map(\.divisionName) == [ambiguous.sourceDivision])
        let inDestination = destination.queues.filter { $0.name == ambiguous.name }
        #expect(inDestination.count == 2)
        #expect(inDestination.map(\.divisionName) == ambiguous.destinationDivisions)
        #expect(Set(inDestination.map(\.divisionId)).count == 2)
        #expect(!inDestination.contains { $0.divisionName == ambiguous.sourceDivision })
        // the source's division still exists in the destination, so the tie cannot be broken by it
        #expect(destination.queues.contains { $0.divisionName == ambiguous.sourceDivision })
    }

    @Test("flows share names across types, and the destination serves types upper-case")
    func flowTypes() {
        for org in [source, destination] {
            let types = Dictionary(grouping: org.flows, by: \.name).mapValues { Set($0.map { $0.type.lowercased() }) }
            #expect(types["Customer Care"] == ["inboundcall", "inboundchat", "inboundemail"] || org.name == "Acme EU")
            #expect((types["Main IVR"]?.count ?? 0) >= 2)
            #expect(Set(org.flows.map { $0.type.lowercased() }) == Set(CompanyDescription.flowTypes))
        }
        #expect(source.flows.allSatisfy { $0.type == $0.type.lowercased() })
        #expect(destination.flows.allSatisfy { $0.type == $0.type.uppercased() })
        #expect(differences.destinationFlowTypesUpperCased)
    }

    @Test("the destination has entities the source lacks")
    func destinationOnly() {
        #expect(differences.queues.destinationOnly.count == 4)
        #expect(differences.flows.destinationOnly.count == 3)
        #expect(differences.wrapupCodes.destinationOnly.count == 3)
        for extra in differences.queues.destinationOnly {
            #expect(destination.queues.contains { $0.name == extra.name && $0.divisionName == extra.divisionName })
            #expect(!source.queues.contains { ContentFixtures.normalised($0.name) == ContentFixtures.normalised(extra.name) })
        }
        for extra in differences.flows.destinationOnly {
            #expect(destination.flows.contains { $0.name == extra.name && $0.type.lowercased() == extra.flowType })
            #expect(!source.flows.contains { $0.name == extra.name && $0.type == extra.flowType })
        }
        // one extra flow reuses a source flow's name with another type
        #expect(differences.flows.destinationOnly.contains { extra in source.flows.contains { $0.name == extra.name } })
        for extra in differences.wrapupCodes.destinationOnly {
            #expect(destination.wrapupCodes.contains { $0.name == extra.name })
            #expect(!source.wrapupCodes.contains { ContentFixtures.normalised($0.name) == ContentFixtures.normalised(extra.name) })
        }
    }

    // MARK: - Expected matching outcome

    @Test("a contract matcher finds exactly the documented counts")
    func expectedCounts() {
        let queueOutcomes = source.queues.map { match($0, among: destination.queues, name: \.name) }
        let queueOutcomesByDivision = source.queues.map {
            match($0, among: destination.queues, name: \.name, tieBreak: { $0.divisionName == $1.divisionName })
        }
        let flowOutcomes = source.flows.map { match($0, among: destination.flows, name: \.name, sameKind: sameType) }
        let codeOutcomes = source.wrapupCodes.map { match($0, among: destination.wrapupCodes, name: \.name) }

        #expect(counts(queueOutcomes) == differences.queues.expected)
        #expect(counts(queueOutcomesByDivision) == differences.queues.expected)
        #expect(counts(flowOutcomes) == differences.flows.expected)
        #expect(counts(codeOutcomes) == differences.wrapupCodes.expected)

        // the figures the documentation states
        #expect(differences.queues.expected == .init(exact: 142, normalised: 6, ambiguous: 1, unmatched: 1))
        #expect(differences.flows.expected == .init(exact: 27, normalised: 2, ambiguous: 0, unmatched: 1))
        #expect(differences.wrapupCodes.expected == .init(exact: 37, normalised: 2, ambiguous: 0, unmatched: 1))

        // matching flows by name alone would be wrong: names repeat across types
        let byNameOnly = source.flows.map { match($0, among: destination.flows, name: \.name) }
        #expect(counts(byNameOnly).ambiguous > 0)
    }

    @Test("the source's history references the entities that cannot be mapped")
    func historyMeetsTheDifferences() {
        func queueId(_ name: String) -> String? { source.queues.first { $0.name == name }?.id }
        let missingQueue = queueId("Broadband Billing"), ambiguousQueue = queueId("Fraud Prevention")
        let missingCode = source.wrapupCodes.first { $0.name == "Billing Adjustment" }?.id
        let missingFlow = source.flows.first { $0.name == "Win-back Campaign" }?.id
        var queueHits = 0, ambiguousHits = 0, codeHits = 0, flowHits = 0
        for record in source.interactions {
            let queues = [record["routing"]?["queue"]?["id"]?.stringValue]
                + (record["participants"]?.arrayValue ?? []).map { $0["queueId"]?.stringValue }
                + (record["transfers"]?.arrayValue ?? []).map { $0["toQueueId"]?.stringValue }
            if queues.contains(missingQueue) { queueHits += 1 }
            if queues.contains(ambiguousQueue) { ambiguousHits += 1 }
            let codes = (record["participants"]?.arrayValue ?? []).map { $0["wrapup"]?["codeId"]?.stringValue }
            if codes.contains(missingCode) { codeHits += 1 }
            if record["routing"]?["flow"]?["id"]?.stringValue == missingFlow { flowHits += 1 }
        }
        #expect(queueHits > 0 && ambiguousHits > 0 && codeHits > 0 && flowHits > 0)
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
