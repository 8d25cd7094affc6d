import Essentials
import Foundation
import OrgEmulator
import Testing

@Suite("interaction-migrate mappings and orgs")
struct MappingsCommandTests {
    /// The default pair, and the environment and org options that reach it.
    static func start() throws -> (Emulator, [String: String], [String]) {
        var knobs = OrgKnobs()
        knobs.jobLatencyMilliseconds = 10
        let emulator = try Emulator(orgs: EmulatorSetup(seed: 21, records: 20, knobs: knobs).defaultPair())
        let source = emulator.endpoint("source")!, destination = emulator.endpoint("destination")!
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_CLIENT_ID"] = source.clientId
        environment["SOURCE_CLIENT_SECRET"] = source.clientSecret
        environment["DEST_CLIENT_ID"] = destination.clientId
        environment["DEST_CLIENT_SECRET"] = destination.clientSecret
        return (emulator, environment, ["--source-api", source.apiBase, "--dest-api", destination.apiBase])
    }

    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("im-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("generate against the default pair: expected counts, exit 3, a file without secrets")
    func generate() throws {
        let (emulator, environment, orgs) = try Self.start()
        defer { emulator.shutdown() }
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try ToolProcess.run(["mappings", "generate", "--name", "acme", "--workspace", folder] + orgs, environment: environment)
        #expect(run.status == 3, "\(run.error)")
        let file = try String(contentsOfFile: folder + "/mappings/acme.json", encoding: .utf8)
        let json = try JSONParser.parse(file)
        #expect(json["formatVersion"] == .int(1))
        #expect(json["queues"]?.arrayValue?.count == 150)
        func count(_ kind: String, _ match: String) -> Int {
            (json[kind]?.arrayValue ?? []).filter { $0["match"]?.stringValue == match }.count
        }
        #expect([count("queues", "exact"), count("queues", "normalized"), count("queues", "ambiguous"), count("queues", "unmatched")] == [142, 6, 1, 1])
        #expect([count("flows", "exact"), count("flows", "normalized"), count("flows", "ambiguous"), count("flows", "unmatched")] == [27, 2, 0, 1])
        #expect([count("wrapupCodes", "exact"), count("wrapupCodes", "normalized"), count("wrapupCodes", "ambiguous"), count("wrapupCodes", "unmatched")] == [37, 2, 0, 1])
        for secret in [environment["SOURCE_CLIENT_SECRET"]!, environment["DEST_CLIENT_SECRET"]!] {
            #expect(!file.contains(secret))
            #expect(!run.output.contains(secret) && !run.error.contains(secret))
        }
        #expect(run.output.contains("queues"))
        #expect(run.error.contains("Acme Prod") && run.error.contains("Acme EU"))
    }

    @Test("orgs check names both orgs; a missing variable is named; the same org twice is refused")
    func orgsCheck() throws {
        let (emulator, environment, orgs) = try Self.start()
        defer { emulator.shutdown() }
        let ok = try ToolProcess.run(["orgs", "check"] + orgs, environment: environment)
        #expect(ok.status == 0, "\(ok.error)")
        #expect(ok.output.contains("Acme Prod") && ok.output.contains("Acme EU"))
        var missing = environment
        missing["DEST_CLIENT_SECRET"] = nil
        let noSecret = try ToolProcess.run(["orgs", "check"] + orgs, environment: missing)
        #expect(noSecret.status != 0)
        #expect(noSecret.error.contains("DEST_CLIENT_SECRET"))
        let source = emulator.endpoint("source")!
        var same = environment
        same["DEST_CLIENT_ID"] = source.clientId
        same["DEST_CLIENT_SECRET"] = source.clientSecret
        let twice = try ToolProcess.run(["orgs", "check", "--source-api", source.apiBase, "--dest-api", source.apiBase], environment: same)
        #expect(twice.status != 0)
        #expect(twice.error.contains("same org"))
        let wrongSecret = try ToolProcess.run(["orgs", "check"] + orgs, environment: environment.merging(["SOURCE_CLIENT_SECRET": "wrong-secret-value"]) { $1 })
        #expect(wrongSecret.status != 0)
        #expect(wrongSecret.error.contains("invalid_client"))
        #expect(!wrongSecret.error.contains("wrong-secret-value"))
        let plainHTTP = try ToolProcess.run(["orgs", "check", "--source-api", "http://api.example.com", "--dest-api", source.apiBase], environment: environment)
        #expect(plainHTTP.status != 0)
        #expect(plainHTTP.error.contains("http://api.example.com"))
    }
}
