import Essentials
import MigrationKit
import Testing

@Suite("Mapping generator")
struct MappingGeneratorTests {
    typealias F = MappingFixtures

    // MARK: - Name matching

    @Test("case, white space and compatibility forms match as normalized; identical names as exact")
    func normalisedMatches() throws {
        let source = F.source(queues: [
            F.queue("s1", "Billing"), F.queue("s2", "Tech Support"), F.queue("s3", "Sales"), F.queue("s4", "Retention  Team"),
        ])
        let destination = F.destination(queues: [
            F.queue("d1", "Ｂｉｌｌｉｎｇ"), F.queue("d2", " TECH support "), F.queue("d3", "Sales"), F.queue("d4", "retention team"),
        ])
        let result = F.generate(source, destination)
        let expected: [String: (String, MappingMatch)] = [
            "Billing": ("d1", .normalized), "Tech Support": ("d2", .normalized), "Sales": ("d3", .exact),
            "Retention  Team": ("d4", .normalized),
        ]
        for (name, (id, match)) in expected {
            let entry = try #require(result.entry(.queues, name))
            #expect(entry.destinationId == id, "\(name)")
            #expect(entry.match == match, "\(name)")
            #expect(entry.destinationName == destination.queues.first { $0.id == id }?.name)
            #expect(entry.candidates.isEmpty)
        }
        #expect(result.summary.queues.exact == 1)
        #expect(result.summary.queues.normalized == 3)
        #expect(result.summary.queues.destinationOnly == 0)
        #expect(result.summary.isResolved)
    }

    @Test("an exact name wins over a normalised one, and leaves the other destination-only")
    func exactFirst() throws {
        let result = F.generate(
            F.source(wrapupCodes: [F.code("s1", "Resolved")]),
            F.destination(wrapupCodes: [F.code("d1", "resolved"), F.code("d2", "Resolved")])
        )
        let entry = try #require(result.entry(.wrapupCodes, "Resolved"))
        #expect(entry.match == .exact)
        #expect(entry.destinationId == "d2")
        #expect(result.summary.wrapupCodes.destinationOnlyNames == ["resolved"])
    }

    @Test("two source entities exact and normalised alike: the exact one matches, the other is not merged into it")
    func noMergeOfSources() throws {
        let result = F.generate(
            F.source(wrapupCodes: [F.code("s1", "Resolved"), F.code("s2", "RESOLVED")]),
            F.destination(wrapupCodes: [F.code("d1", "Resolved")])
        )
        #expect(result.entry(.wrapupCodes, "Resolved")?.match == .exact)
        let other = try #require(result.entry(.wrapupCodes, "RESOLVED"))
        #expect(other.match == .unmatched)
        #expect(other.destinationId == nil)
    }

    @Test("a name twice in the destination, in divisions other than the source's, is ambiguous with both candidates")
    func ambiguousInDestination() throws {
        let result = F.generate(
            F.source(queues: [F.queue("s1", "Fraud Prevention", "Shared Services")]),
            F.destination(queues: [
                F.queue("d2", "Fraud Prevention", "Mobile"), F.queue("d1", "Fraud Prevention", "Business"),
                F.queue("d3", "EU Billing", "Europe"),
            ])
        )
        let entry = try #require(result.entry(.queues, "Fraud Prevention"))
        #expect(entry.match == .ambiguous)
        #expect(entry.destinationId == nil)
        #expect(entry.candidates == [
            .init(id: "d1", name: "Fraud Prevention", division: "Business"),
            .init(id: "d2", name: "Fraud Prevention", division: "Mobile"),
        ])
        // Candidates wait for a decision: they are not destination-only.
        #expect(result.summary.queues.destinationOnlyNames == ["EU Billing"])
        #expect(result.summary.queues.ambiguous == 1)
        #expect(!result.summary.queues.isResolved)
        #expect(!result.summary.isResolved)
    }

    @Test("the same name in several divisions is paired by division, exactly or normalised")
    func divisionTieBreak() throws {
        let result = F.generate(
            F.source(queues: [
                F.queue("s1", "Sales", "North America"), F.queue("s2", "Sales", "Europe"), F.queue("s3", "Support", "Asia  Pacific"),
                F.queue("s4", "Support", "Europe"),
            ]),
            F.destination(queues: [
                F.queue("d1", "Sales", "Europe"), F.queue("d2", "Sales", "North America"), F.queue("d3", "support", "asia pacific"),
                F.queue("d4", "SUPPORT", "Europe"),
            ])
        )
        let sales = result.file.queues.filter { $0.sourceName == "Sales" }
        #expect(sales.map(\.sourceId) == ["s1", "s2"])
        #expect(sales.map(\.destinationId) == ["d2", "d1"])
        #expect(sales.allSatisfy { $0.match == .exact })
        // The name comparison decides the match; the division only picks the pair.
        let support = result.file.queues.filter { $0.sourceName == "Support" }
        #expect(support.map(\.destinationId) == ["d3", "d4"])
        #expect(support.allSatisfy { $0.match == .normalized })
        #expect(result.summary.queues.ambiguous == 0)
    }

    @Test("a division shared by two candidates does not single one out")
    func divisionTieBreakNeedsOnePair() throws {
        let result = F.generate(
            F.source(queues: [F.queue("s1", "Sales", "Europe")]),
            F.destination(queues: [F.queue("d1", "Sales", "Europe"), F.queue("d2", "Sales", "europe")])
        )
        let entry = try #require(result.entry(.queues, "Sales"))
        // "Europe" singles out d1 exactly, before the normalised comparison would see both.
        #expect(entry.match == .exact)
        #expect(entry.destinationId == "d1")

        let tied = F.generate(
            F.source(queues: [F.queue("s1", "Sales", "EUROPE")]),
            F.destination(queues: [F.queue("d1", "Sales", "Europe"), F.queue("d2", "Sales", "europe")])
        )
        #expect(tied.entry(.queues, "Sales")?.match == .ambiguous)
        #expect(tied.entry(.queues, "Sales")?.candidates.count == 2)
    }

    @Test("a name twice in the source is ambiguous for both, even with one destination entity")
    func duplicatesInSource() throws {
        let result = F.generate(
            F.source(queues: [F.queue("s1", "Support", "Mobile"), F.queue("s2", "Support", "Business")]),
            F.destination(queues: [F.queue("d1", "Support", "Home")])
        )
        #expect(result.file.queues.map(\.match) == [.ambiguous, .ambiguous])
        #expect(result.file.queues.allSatisfy { $0.candidates.map(\.id) == ["d1"] })
        #expect(result.summary.queues.destinationOnly == 0)

        // Wrap-up codes have no division to break the tie.
        let codes = F.generate(
            F.source(wrapupCodes: [F.code("s1", "Sale"), F.code("s2", "Sale")]), F.destination(wrapupCodes: [F.code("d1", "Sale")])
        )
        #expect(codes.summary.wrapupCodes.ambiguous == 2)
    }

    @Test("a duplicated source name pairs by division where it can, the rest stays ambiguous")
    func duplicatesInSourceWithDivision() throws {
        let result = F.generate(
            F.source(queues: [F.queue("s1", "Support", "Mobile"), F.queue("s2", "Support", "Business")]),
            F.destination(queues: [F.queue("d1", "Support", "Mobile")])
        )
        let entries = result.file.queues.sorted { $0.sourceId < $1.sourceId }
        #expect(entries[0].match == .exact)
        #expect(entries[0].destinationId == "d1")
        #expect(entries[1].match == .ambiguous)
        #expect(entries[1].candidates.map(\.id) == ["d1"])
    }

    @Test("a source entity with no destination of its name is unmatched, with a null destination")
    func unmatched() throws {
        let result = F.generate(
            F.source(wrapupCodes: [F.code("s1", "Billing Adjustment"), F.code("s2", "Resolved")]),
            F.destination(wrapupCodes: [F.code("d1", "Resolved"), F.code("d2", "GDPR Request")])
        )
        let entry = try #require(result.entry(.wrapupCodes, "Billing Adjustment"))
        #expect(entry.match == .unmatched)
        #expect(entry.destinationId == nil)
        #expect(entry.destinationName == nil)
        #expect(entry.candidates.isEmpty)
        #expect(result.summary.wrapupCodes.unmatched == 1)
        #expect(result.summary.wrapupCodes.destinationOnlyNames == ["GDPR Request"])
        #expect(!result.summary.isResolved)
    }

    @Test("flows match only within their type, compared case-insensitively, and are written lower-case")
    func flowTypes() throws {
        let result = F.generate(
            F.source(flows: [
                F.flow("s1", "Main IVR", "inboundcall"), F.flow("s2", "Customer Care", "inboundchat"),
                F.flow("s3", "Customer Care", "inboundemail"), F.flow("s4", "Callback", "outboundcall"),
            ]),
            F.destination(flows: [
                F.flow("d1", "Main IVR", "INBOUNDCALL"), F.flow("d2", "Main IVR", "INBOUNDEMAIL"),
                F.flow("d3", "customer care", "INBOUNDCHAT"), F.flow("d4", "Customer Care", "InboundEmail"),
                F.flow("d5", "Callback", "WORKFLOW"),
            ])
        )
        func entry(_ id: String) throws -> MappingEntry { try #require(result.file.flows.first { $0.sourceId == id }) }
        #expect(try entry("s1").destinationId == "d1")
        #expect(try entry("s1").match == .exact)
        #expect(try entry("s1").type == "inboundcall")
        #expect(try entry("s2").destinationId == "d3")
        #expect(try entry("s2").match == .normalized)
        #expect(try entry("s3").destinationId == "d4")
        #expect(try entry("s3").match == .exact)
        #expect(try entry("s4").match == .unmatched)  // same name, another type
        #expect(result.summary.flows.destinationOnlyNames == ["Callback (workflow)", "Main IVR (inboundemail)"])
    }

    @Test("flows of one name and type listed twice in the destination are ambiguous, candidates with their type")
    func ambiguousFlow() throws {
        let result = F.generate(
            F.source(flows: [F.flow("s1", "Main IVR", "inboundcall")]),
            F.destination(flows: [F.flow("d1", "Main IVR", "INBOUNDCALL"), F.flow("d2", "Main IVR", "inboundcall")])
        )
        let entry = try #require(result.entry(.flows, "Main IVR"))
        #expect(entry.match == .ambiguous)
        #expect(entry.candidates == [
            .init(id: "d1", name: "Main IVR", type: "inboundcall"), .init(id: "d2", name: "Main IVR", type: "inboundcall"),
        ])
    }

    @Test("an entity listed twice with one id counts once")
    func duplicateIds() throws {
        let result = F.generate(
            F.source(wrapupCodes: [F.code("s1", "Resolved"), F.code("s1", "Resolved")]),
            F.destination(wrapupCodes: [F.code("d1", "Resolved"), F.code("d1", "Resolved")])
        )
        #expect(result.file.wrapupCodes.count == 1)
        #expect(result.file.wrapupCodes.first?.match == .exact)
    }

    // MARK: - Previous decisions

    static let decisionSource = F.source(
        queues: [F.queue("s1", "Billing"), F.queue("s2", "Old Queue"), F.queue("s3", "Legacy")],
        wrapupCodes: [F.code("c1", "Billing Adjustment"), F.code("c2", "Resolved")]
    )
    static let decisionDestination = F.destination(
        queues: [F.queue("d1", "Billing"), F.queue("d2", "Billing EU"), F.queue("d9", "Archive")],
        wrapupCodes: [F.code("e1", "Adjustment"), F.code("e2", "Resolved")]
    )

    /// A first generation with an admin's decisions applied, as they would edit the file.
    static func decided() -> MappingFile {
        var file = F.generate(decisionSource, decisionDestination).file
        func decide(_ kind: MappingKind, _ id: String, _ match: MappingMatch, _ destination: String? = nil) {
            let i = file[kind].firstIndex { $0.sourceId == id }!
            file[kind][i].match = match
            file[kind][i].destinationId = destination
            file[kind][i].destinationName = nil
        }
        decide(.queues, "s1", .manual, "d2")  // overrides an exact match
        decide(.queues, "s2", .manual, "d9")
        decide(.queues, "s3", .excluded)
        decide(.wrapupCodes, "c1", .manual, "e1")
        return file
    }

    @Test("manual and excluded decisions are kept on regeneration, with the destination's current name")
    func decisionsKept() throws {
        let result = F.generate(Self.decisionSource, Self.decisionDestination, previous: Self.decided())
        #expect(result.droppedDecisions.isEmpty)
        let billing = try #require(result.entry(.queues, "Billing"))
        #expect(billing.match == .manual)
        #expect(billing.destinationId == "d2")
        #expect(billing.destinationName == "Billing EU")
        #expect(result.entry(.queues, "Old Queue")?.destinationId == "d9")
        #expect(result.entry(.queues, "Legacy")?.match == .excluded)
        #expect(result.entry(.queues, "Legacy")?.destinationId == nil)
        #expect(result.entry(.wrapupCodes, "Billing Adjustment")?.destinationId == "e1")
        #expect(result.entry(.wrapupCodes, "Resolved")?.match == .exact)
        #expect(result.summary.queues.manual == 2)
        #expect(result.summary.queues.excluded == 1)
        #expect(result.summary.wrapupCodes.manual == 1)
        // d1 lost its source to the manual decision.
        #expect(result.summary.queues.destinationOnlyNames == ["Billing"])
        #expect(result.summary.isResolved)
    }

    @Test("decisions whose source or destination vanished are dropped with the reason, and the entity is matched again")
    func decisionsDropped() throws {
        let source = F.source(
            queues: [F.queue("s1", "Billing"), F.queue("s3", "Legacy")],  // s2 removed
            wrapupCodes: Self.decisionSource.wrapupCodes
        )
        let destination = F.destination(
            queues: [F.queue("d1", "Billing"), F.queue("d9", "Archive")],  // d2 removed
            wrapupCodes: [F.code("e2", "Resolved")]  // e1 removed
        )
        let result = F.generate(source, destination, previous: Self.decided())
        #expect(result.droppedDecisions.map(\.reason) == [.destinationEntityGone, .sourceEntityGone, .destinationEntityGone])
        #expect(result.droppedDecisions.map(\.kind) == [.queues, .queues, .wrapupCodes])
        #expect(result.droppedDecisions.map(\.sourceName) == ["Billing", "Old Queue", "Billing Adjustment"])
        #expect(result.droppedDecisions.map(\.sourceId) == ["s1", "s2", "c1"])
        #expect(result.droppedDecisions.map(\.destinationId) == ["d2", "d9", "e1"])
        let text = result.droppedDecisions[0].description
        #expect(text.contains("\"Billing\"") && text.contains("s1") && text.contains("d2") && text.contains("no longer has"))
        // Matched automatically again; the excluded decision stands.
        #expect(result.entry(.queues, "Billing")?.match == .exact)
        #expect(result.entry(.queues, "Billing")?.destinationId == "d1")
        #expect(result.entry(.queues, "Legacy")?.match == .excluded)
        #expect(result.entry(.wrapupCodes, "Billing Adjustment")?.match == .unmatched)
        #expect(result.file.queues.count == 2)
    }

    @Test("a previous file made for other orgs contributes no decision that names their entities")
    func decisionsFromOtherOrgs() throws {
        let otherSource = F.generate(F.source(queues: Self.decisionSource.queues, wrapupCodes: Self.decisionSource.wrapupCodes, orgId: "elsewhere"),
                                     Self.decisionDestination, previous: Self.decided())
        #expect(otherSource.droppedDecisions.count == 4)
        #expect(otherSource.droppedDecisions.allSatisfy { $0.reason == .otherSourceOrg(previousOrgId: "src-org") })
        #expect(otherSource.summary.queues.manual + otherSource.summary.queues.excluded == 0)

        let otherDestination = F.generate(Self.decisionSource, F.destination(queues: Self.decisionDestination.queues,
                                          wrapupCodes: Self.decisionDestination.wrapupCodes, orgId: "elsewhere"), previous: Self.decided())
        // Manual decisions name the old destination's entities; exclusions are about the source and stay.
        #expect(otherDestination.droppedDecisions.count == 3)
        #expect(otherDestination.droppedDecisions.allSatisfy { $0.reason == .otherDestinationOrg(previousOrgId: "dst-org") })
        #expect(otherDestination.entry(.queues, "Legacy")?.match == .excluded)
    }

    // MARK: - Stability

    @Test("the same inputs give byte-identical files, whatever the order of the input lists")
    func stableOutput() throws {
        let (source, destination) = F.defaultPair
        let first = try F.generate(source, destination).file.encoded()
        #expect(try F.generate(source, destination).file.encoded() == first)
        var random = SeededGenerator(seed: 11)
        for _ in 0..<5 {
            var s = source, d = destination
            s.queues.shuffle(using: &random)
            s.flows.shuffle(using: &random)
            s.wrapupCodes.shuffle(using: &random)
            d.queues.shuffle(using: &random)
            d.flows.shuffle(using: &random)
            d.wrapupCodes.shuffle(using: &random)
            let result = F.generate(s, d)
            #expect(try result.file.encoded() == first)
            #expect(result.summary == F.generate(source, destination).summary)
        }
    }

    @Test("entries are ordered by source name, then source id")
    func entryOrder() throws {
        let result = F.generate(
            F.source(wrapupCodes: [F.code("b", "Sale"), F.code("z", "Agent"), F.code("a", "Sale"), F.code("m", "Callback")]),
            F.destination()
        )
        #expect(result.file.wrapupCodes.map(\.sourceId) == ["z", "m", "a", "b"])
    }
}
