import Essentials
import Foundation
import OrgEmulator
import Testing

@Suite("Emulator configuration file")
struct EmulatorConfigFileTests {
    @Test("orgs, content and knobs come from the file; missing fields take the defaults")
    func loads() throws {
        let config: JSONValue = ["orgs": [
            ["name": "a", "orgName": "Alpha", "seed": 3, "records": 40, "schemaVersions": ["v2.1", "v2.2"],
             "knobs": ["rateLimit": 50, "fault503": 0.25]],
            ["name": "b", "records": 0],
        ]]
        let orgs = try EmulatorConfigFile.definitions(from: config, path: "test.json", defaults: EmulatorSetup(records: 7))
        #expect(orgs.map(\.label) == ["a", "b"])
        #expect(orgs[0].content.name == "Alpha")
        #expect(orgs[0].content.interactions.count == 40)
        #expect(orgs[0].content.schemaVersions == ["v2.1", "v2.2"])
        #expect(orgs[0].knobs.rateLimit == 50)
        #expect(orgs[0].knobs.fault503Share == 0.25)
        #expect(orgs[1].content.interactions.isEmpty)
        #expect(orgs[1].knobs == OrgKnobs())
        #expect(orgs[0].content.id != orgs[1].content.id)
    }

    @Test("the real-org knobs load from dataAvailabilityLagSeconds, servesInteractionExport and failJobsShare")
    func realOrgKnobs() throws {
        let config: JSONValue = ["orgs": [
            ["name": "a", "knobs": ["dataAvailabilityLagSeconds": 900, "servesInteractionExport": false, "failJobsShare": 0.1]],
        ]]
        let orgs = try EmulatorConfigFile.definitions(from: config, path: "test.json", defaults: EmulatorSetup(records: 1))
        #expect(orgs[0].knobs.dataAvailabilityLagSeconds == 900)
        #expect(orgs[0].knobs.servesInteractionExport == false)
        #expect(orgs[0].knobs.failExportJobsShare == 0.1)
        #expect(OrgKnobs().servesInteractionExport && OrgKnobs().dataAvailabilityLagSeconds == 0 && OrgKnobs().failExportJobsShare == 0)
    }

    @Test("a broken file names the entry and the field", arguments: [
        (#"{"orgs": []}"#, "top level"),
        (#"{"orgs": [{"records": 5}]}"#, "orgs[0].name"),
        (#"{"orgs": [{"name": "a"}, {"name": "a"}]}"#, "orgs[1].name"),
        (#"{"orgs": [{"name": "a", "records": -1}]}"#, "orgs[0].records"),
        (#"{"orgs": [{"name": "a", "schemaVersions": ["v3"]}]}"#, "orgs[0].schemaVersions"),
        (#"{"orgs": [{"name": "a", "knobs": {"rateLimitt": 5}}]}"#, "orgs[0].knobs.rateLimitt"),
        (#"{"orgs": [{"name": "a", "knobs": {"fault503": 2}}]}"#, "orgs[0].knobs.fault503"),
        (#"{"orgs": [{"name": "a", "knobs": {"servesInteractionExport": "no"}}]}"#, "orgs[0].knobs.servesInteractionExport"),
        (#"{"orgs": [{"name": "a", "knobs": {"failJobsShare": 1.5}}]}"#, "orgs[0].knobs.failJobsShare"),
        (#"{"orgs": [{"name": "a", "knobs": {"dataAvailabilityLagSeconds": -1}}]}"#, "orgs[0].knobs.dataAvailabilityLagSeconds"),
    ])
    func refuses(_ text: String, _ location: String) throws {
        let value = try JSONParser.parse(text)
        let problem = #expect(throws: EmulatorConfigFile.Problem.self) {
            try EmulatorConfigFile.definitions(from: value, path: "x.json", defaults: EmulatorSetup(records: 1))
        }
        #expect(problem?.location == location)
        #expect(problem?.description.hasPrefix("emulator configuration x.json: \(location): ") == true)
    }

    @Test("a missing or unparsable file is an error naming it")
    func unreadable() throws {
        let missing = #expect(throws: EmulatorConfigFile.Problem.self) {
            try EmulatorConfigFile.load(path: "/nonexistent/emulator.json", defaults: EmulatorSetup())
        }
        #expect(missing?.description.contains("/nonexistent/emulator.json") == true)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-\(UUID().uuidString).json").path
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let broken = #expect(throws: EmulatorConfigFile.Problem.self) { try EmulatorConfigFile.load(path: path, defaults: EmulatorSetup()) }
        #expect(broken?.description.contains("invalid JSON at byte 1") == true)
    }
}
