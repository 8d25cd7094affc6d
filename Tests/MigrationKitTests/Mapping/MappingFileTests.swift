import Essentials
import Foundation
import MigrationKit
import Testing

@Suite("Mapping file")
struct MappingFileTests {
    static let sample = MappingFile(
        generatedAt: ISOTimestamp(year: 2026, month: 1, day: 10, hour: 12),
        source: .init(orgId: "src-org", orgName: "Acme Prod", apiBase: "https://api.mypurecloud.com"),
        destination: .init(orgId: "dst-org", orgName: "Acme EU", apiBase: "https://api.mypurecloud.ie"),
        queues: [
            MappingEntry(sourceId: "q2", sourceName: "Fraud", sourceDivision: "Shared", match: .ambiguous, candidates: [
                .init(id: "x2", name: "Fraud", division: "Mobile"), .init(id: "x1", name: "Fraud", division: "Business"),
            ]),
            MappingEntry(
                sourceId: "q1", sourceName: "Billing Support", sourceDivision: "Home", destinationId: "d1",
                destinationName: "billing support", match: .normalized
            ),
        ],
        flows: [
            MappingEntry(sourceId: "f1", sourceName: "Main IVR", type: "inboundcall", destinationId: "g1", destinationName: "Main IVR", match: .exact)
        ],
        wrapupCodes: [
            MappingEntry(sourceId: "w1", sourceName: "Resolved", match: .unmatched),
            MappingEntry(sourceId: "w2", sourceName: "Escalated", destinationId: "v2", match: .manual),
        ]
    )

    @Test("the file is written with the documented layout: keys in order, entries sorted, trailing newline")
    func layout() throws {
        let text = String(decoding: try Self.sample.encoded(), as: UTF8.self)
        let expected = """
            {
              "formatVersion": 1,
              "generatedAt": "2026-01-10T12:00:00.000Z",
              "source": {
                "orgId": "src-org",
                "orgName": "Acme Prod",
                "apiBase": "https://api.mypurecloud.com"
              },
              "destination": {
                "orgId": "dst-org",
                "orgName": "Acme EU",
                "apiBase": "https://api.mypurecloud.ie"
              },
              "queues": [
                {
                  "sourceId": "q1",
                  "sourceName": "Billing Support",
                  "sourceDivision": "Home",
                  "destinationId": "d1",
                  "destinationName": "billing support",
                  "match": "normalized"
                },
                {
                  "sourceId": "q2",
                  "sourceName": "Fraud",
                  "sourceDivision": "Shared",
                  "destinationId": null,
                  "match": "ambiguous",
                  "candidates": [
                    {
                      "id": "x1",
                      "name": "Fraud",
                      "division": "Business"
                    },
                    {
                      "id": "x2",
                      "name": "Fraud",
                      "division": "Mobile"
                    }
                  ]
                }
              ],
              "flows": [
                {
                  "sourceId": "f1",
                  "sourceName": "Main IVR",
                  "type": "inboundcall",
                  "destinationId": "g1",
                  "destinationName": "Main IVR",
                  "match": "exact"
                }
              ],
              "wrapupCodes": [
                {
                  "sourceId": "w2",
                  "sourceName": "Escalated",
                  "destinationId": "v2",
                  "match": "manual"
                },
                {
                  "sourceId": "w1",
                  "sourceName": "Resolved",
                  "destinationId": null,
                  "match": "unmatched"
                }
              ]
            }

            """
        #expect(text == expected)
    }

    @Test("write then read gives the same file, sorted, and writing it again the same bytes")
    func roundTrip() throws {
        let folder = "/tmp/mapping-file-tests-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/mappings/acme.json"
        try Self.sample.write(to: path)
        let read = try MappingFile.read(path: path)
        // The file holds the entries sorted: by source name, then id; candidates by name, division, id.
        #expect(read.queues.map(\.sourceId) == ["q1", "q2"])
        #expect(read.queues[1].candidates.map(\.id) == ["x1", "x2"])
        #expect(read.wrapupCodes.map(\.sourceId) == ["w2", "w1"])
        var sorted = Self.sample
        sorted.queues.reverse()
        sorted.queues[1].candidates.reverse()
        sorted.wrapupCodes.reverse()
        #expect(read == sorted)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == Self.sample.encoded())
        try read.write(to: path)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == Self.sample.encoded())
    }

    @Test("an admin's edits are accepted: manual without a destination name, excluded, unknown fields")
    func adminEdits() throws {
        var value = Self.sample.jsonValue()
        guard case .object(var top) = value, case .array(var codes)? = top["wrapupCodes"], case .object(var code) = codes[1] else {
            Issue.record("unexpected sample layout")
            return
        }
        code["destinationId"] = "v1"
        code["match"] = "manual"
        code["note"] = "checked with the EU team"
        codes[1] = .object(code)
        top["wrapupCodes"] = .array(codes)
        top["comment"] = "edited by hand"
        value = .object(top)
        let file = try MappingFile.decode(try JSONWriter.pretty(value, sortedKeys: false), path: "m.json")
        let entry = try #require(file.entry(for: .wrapupCodes, sourceId: "w1"))
        #expect(entry.match == .manual)
        #expect(entry.destinationId == "v1")
        #expect(entry.destinationName == nil)
        #expect(file.destination(forWrapupCode: "w1")?.id == "v1")
    }

    @Test("lookups give a destination only for exact, normalized and manual entries")
    func lookups() throws {
        var file = Self.sample
        #expect(file.destination(forQueue: "q1")?.id == "d1")
        #expect(file.destination(forQueue: "q1")?.name == "billing support")
        #expect(file.destination(forQueue: "q2") == nil)  // ambiguous
        #expect(file.destination(forFlow: "f1")?.id == "g1")
        #expect(file.destination(forWrapupCode: "w2")?.id == "v2")
        #expect(file.destination(forWrapupCode: "w2")?.name == nil)
        #expect(file.destination(forWrapupCode: "w1") == nil)  // unmatched
        #expect(file.destination(forQueue: "f1") == nil)  // another list's id
        #expect(file.destination(forQueue: "nope") == nil)
        // The index follows edits.
        file.queues[1].match = .excluded
        file.queues[1].destinationId = nil
        #expect(file.destination(forQueue: "q1") == nil)
        #expect(file.entry(for: .queues, sourceId: "q1")?.match == .excluded)
        file.flows = []
        #expect(file.destination(forFlow: "f1") == nil)
    }

    @Test("a missing file is a file error naming it")
    func missingFile() {
        #expect(throws: FileError.self) { try MappingFile.read(path: "/nonexistent/mappings/acme.json") }
        do {
            _ = try MappingFile.read(path: "/nonexistent/mappings/acme.json")
        } catch {
            #expect("\(error)".contains("/nonexistent/mappings/acme.json"))
        }
    }
}
