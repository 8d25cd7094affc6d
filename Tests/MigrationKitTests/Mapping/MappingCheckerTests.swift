import MigrationKit
import Testing

@Suite("Mapping checker")
struct MappingCheckerTests {
    typealias F = MappingFixtures

    static let source = F.source(
        queues: [F.queue("s1", "Billing"), F.queue("s2", "Sales"), F.queue("s3", "Legacy")],
        flows: [F.flow("f1", "Main IVR", "inboundcall")],
        wrapupCodes: [F.code("c1", "Resolved"), F.code("c2", "Callback")]
    )
    static let destination = F.destination(
        queues: [F.queue("d1", "Billing"), F.queue("d2", "sales")],
        flows: [F.flow("g1", "Main IVR", "INBOUNDCALL")],
        wrapupCodes: [F.code("e1", "Resolved"), F.code("e2", "Call back")]
    )

    @Test("a file checked against the org it was made from is clean")
    func clean() {
        var file = F.generate(Self.source, Self.destination).file
        let i = file.wrapupCodes.firstIndex { $0.sourceId == "c2" }!
        file.wrapupCodes[i].match = .manual
        file.wrapupCodes[i].destinationId = "e2"
        let result = MappingChecker.check(file: file, destination: Self.destination)
        #expect(result.isClean)
        #expect(result.findings.isEmpty)
    }

    @Test("entries whose destination was deleted are stale, per list, with the source name and the stale id")
    func stale() throws {
        var file = F.generate(Self.source, Self.destination).file
        let i = file.wrapupCodes.firstIndex { $0.sourceId == "c2" }!
        file.wrapupCodes[i].match = .manual
        file.wrapupCodes[i].destinationId = "e2"
        var now = Self.destination
        now.queues.removeAll { $0.id == "d2" }
        now.wrapupCodes.removeAll { $0.id == "e2" }
        now.flows = []
        let result = MappingChecker.check(file: file, destination: now)
        #expect(!result.isClean)
        #expect(result.destinationOrgMismatch == nil)
        #expect(result.staleEntries.map(\.kind) == [.queues, .flows, .wrapupCodes])
        #expect(result.staleEntries(.queues).map(\.sourceName) == ["Sales"])
        #expect(result.staleEntries(.queues).map(\.destinationId) == ["d2"])
        #expect(result.staleEntries(.queues).first?.match == .normalized)
        #expect(result.staleEntries(.flows).map(\.destinationId) == ["g1"])
        let code = try #require(result.staleEntries(.wrapupCodes).first)
        #expect(code.sourceName == "Callback")
        #expect(code.sourceId == "c2")
        #expect(code.destinationId == "e2")
        #expect(code.match == .manual)
        #expect(code.description.contains("\"Callback\"") && code.description.contains("e2"))
        #expect(result.findings.count == 3)
    }

    @Test("an id that exists in another list is still stale")
    func staleAcrossLists() {
        var file = F.generate(Self.source, Self.destination).file
        let i = file.queues.firstIndex { $0.sourceId == "s3" }!
        file.queues[i].match = .manual
        file.queues[i].destinationId = "e1"  // a wrap-up code's id
        let result = MappingChecker.check(file: file, destination: Self.destination)
        #expect(result.staleEntries.map(\.sourceId) == ["s3"])
    }

    @Test("a file made for another destination org is its own finding")
    func otherOrg() throws {
        let file = F.generate(Self.source, Self.destination).file
        var other = Self.destination
        other.orgId = "other-org"
        other.orgName = "Acme APAC"
        let result = MappingChecker.check(file: file, destination: other)
        let mismatch = try #require(result.destinationOrgMismatch)
        #expect(mismatch == .init(fileOrgId: "dst-org", fileOrgName: "Acme EU", orgId: "other-org", orgName: "Acme APAC"))
        #expect(result.staleEntries.isEmpty)
        #expect(!result.isClean)
        #expect(result.findings.first?.contains("dst-org") == true)
        #expect(result.findings.first?.contains("other-org") == true)
    }
}
