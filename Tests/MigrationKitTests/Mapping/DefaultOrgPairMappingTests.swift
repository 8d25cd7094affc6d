import Essentials
import MigrationKit
import OrgEmulator
import Testing

/// The generator against the emulator's default pair, whose differences are documented with the
/// outcome a matcher following the contract should reach.
@Suite("Mapping the default org pair")
struct DefaultOrgPairMappingTests {
    static let result = MappingFixtures.generate(MappingFixtures.defaultPair.source, MappingFixtures.defaultPair.destination)
    let differences = DefaultOrgPair.differences

    @Test("each list matches with the documented counts", arguments: MappingKind.allCases)
    func expectedCounts(kind: MappingKind) {
        let changes: DefaultOrgPair.Differences.EntityChanges
        switch kind {
        case .queues: changes = differences.queues
        case .flows: changes = differences.flows
        case .wrapupCodes: changes = differences.wrapupCodes
        }
        let counts = Self.result.summary[kind]
        let found = DefaultOrgPair.Differences.MatchCounts(
            exact: counts.exact, normalised: counts.normalized, ambiguous: counts.ambiguous, unmatched: counts.unmatched
        )
        #expect(found == changes.expected)
        #expect(counts.manual == 0)
        #expect(counts.excluded == 0)
        #expect(counts.total == changes.sourceCount)
        #expect(Self.result.file[kind].count == changes.sourceCount)
        // Destination-only: exactly the documented extra entities (the ambiguous queue's two
        // copies are candidates, not destination-only).
        #expect(counts.destinationOnly == changes.destinationOnly.count)
        let documented = changes.destinationOnly.map { entity in entity.flowType.map { "\(entity.name) (\($0))" } ?? entity.name }
        #expect(counts.destinationOnlyNames.sorted() == documented.sorted())
    }

    @Test("the renamed entities match normalised, the missing ones are unmatched, the ambiguous queue lists both copies")
    func namedOutcomes() throws {
        let result = Self.result
        for (kind, changes) in [(MappingKind.queues, differences.queues), (.flows, differences.flows), (.wrapupCodes, differences.wrapupCodes)] {
            for change in changes.renamed {
                let entry = try #require(result.file[kind].first { $0.sourceName == change.sourceName && $0.type == change.flowType })
                #expect(entry.match == .normalized, "\(kind) \(change.sourceName)")
                #expect(entry.destinationName == change.destinationName)
            }
            for missing in changes.missingInDestination {
                let entry = try #require(result.file[kind].first { $0.sourceName == missing.name })
                #expect(entry.match == .unmatched, "\(kind) \(missing.name)")
            }
        }
        let fraud = try #require(differences.queues.ambiguousInDestination.first)
        let entry = try #require(result.entry(.queues, fraud.name))
        #expect(entry.match == .ambiguous)
        #expect(entry.sourceDivision == fraud.sourceDivision)
        #expect(entry.candidates.compactMap(\.division).sorted() == fraud.destinationDivisions.sorted())
        // Flow types come back upper-case from the destination and are written lower-case.
        #expect(MappingFixtures.defaultPair.destination.flows.allSatisfy { $0.type == $0.type?.uppercased() })
        #expect(result.file.flows.allSatisfy { $0.type == $0.type?.lowercased() })
        #expect(!result.summary.isResolved)
    }

    @Test("the default pair's file survives a write and a read")
    func roundTrip() throws {
        let bytes = try Self.result.file.encoded()
        let read = try MappingFile.decode(bytes, path: "mappings/acme.json")
        #expect(read == Self.result.file)
        #expect(try read.encoded() == bytes)
    }
}
