import Essentials
import Foundation
import OrgEmulator
import Testing

extension EndToEnd {
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
            func counts(_ kind: String) -> [Int] {
                ["exact", "normalized", "ambiguous", "unmatched"].map { match in
                    (json[kind]?.arrayValue ?? []).filter { $0["match"]?.stringValue == match }.count
                }
            }
            #expect(counts("queues") == [142, 6, 1, 1] as [Int])
            #expect(counts("flows") == [27, 2, 0, 1] as [Int])
            #expect(counts("wrapupCodes") == [37, 2, 0, 1] as [Int])
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
            #expect(noSecret.status == 78)
            #expect(noSecret.error.contains("DEST_CLIENT_SECRET"))
            let source = emulator.endpoint("source")!
            var same = environment
            same["DEST_CLIENT_ID"] = source.clientId
            same["DEST_CLIENT_SECRET"] = source.clientSecret
            let twice = try ToolProcess.run(["orgs", "check", "--source-api", source.apiBase, "--dest-api", source.apiBase], environment: same)
            #expect(twice.status == 78)
            #expect(twice.error.contains("same org"))
            let wrongSecret = try ToolProcess.run(["orgs", "check"] + orgs, environment: environment.merging(["SOURCE_CLIENT_SECRET": "wrong-secret-value"]) { $1 })
            #expect(wrongSecret.status == 78)
            #expect(wrongSecret.error.contains("invalid_client"))
            #expect(!wrongSecret.error.contains("wrong-secret-value"))
            let plainHTTP = try ToolProcess.run(["orgs", "check", "--source-api", "http://api.example.com", "--dest-api", source.apiBase], environment: environment)
            #expect(plainHTTP.status == 64)
            #expect(plainHTTP.error.contains("http://api.example.com"))
        }

        @Test("manual and excluded decisions survive regeneration; check finds stale ids")
        func decisionsAndCheck() throws {
            let (emulator, environment, orgs) = try Self.start()
            defer { emulator.shutdown() }
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let generate = ["mappings", "generate", "--name", "acme", "--workspace", folder] + orgs
            #expect(try ToolProcess.run(generate, environment: environment).status == 3)
            let path = folder + "/mappings/acme.json"
            func edit(_ change: (inout JSONObject) -> Void) throws {
                guard case .object(var object) = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) else { return }
                change(&object)
                try Data(try JSONWriter.pretty(.object(object), sortedKeys: false)).write(to: URL(fileURLWithPath: path))
            }
            func entries(_ kind: String) throws -> [JSONValue] {
                try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))[kind]?.arrayValue ?? []
            }
            let someDestinationQueue = emulator.orgs[1].content.queues[0].id
            // Resolve everything that needs a decision: the unmatched and ambiguous ones by hand.
            try edit { file in
                for kind in ["queues", "flows", "wrapupCodes"] {
                    let list = (file[kind]?.arrayValue ?? []).map { entry -> JSONValue in
                        guard case .object(var e) = entry, let match = e["match"]?.stringValue, match == "unmatched" || match == "ambiguous" else { return entry }
                        if kind == "queues" {
                            e["destinationId"] = .string(someDestinationQueue)
                            e["match"] = "manual"
                        } else {
                            e["match"] = "excluded"
                        }
                        e.removeValue(forKey: "candidates")
                        return .object(e)
                    }
                    file[kind] = .array(list)
                }
            }
            let again = try ToolProcess.run(generate, environment: environment)
            #expect(again.status == 0, "\(again.output)\(again.error)")
            #expect(try entries("queues").filter { $0["match"] == "manual" }.count == 2)
            #expect(try entries("flows").filter { $0["match"] == "excluded" }.count == 1)
            #expect(try entries("wrapupCodes").filter { $0["match"] == "excluded" }.count == 1)

            let check = ["mappings", "check", "--name", "acme", "--workspace", folder, orgs[2], orgs[3]]
            let clean = try ToolProcess.run(check, environment: environment)
            #expect(clean.status == 0, "\(clean.output)\(clean.error)")
            try edit { file in
                var queues = file["queues"]?.arrayValue ?? []
                if case .object(var first) = queues[0] {
                    first["destinationId"] = "00000000-0000-4000-8000-000000000000"
                    first["match"] = "manual"
                    queues[0] = .object(first)
                }
                file["queues"] = .array(queues)
            }
            let stale = try ToolProcess.run(check, environment: environment)
            #expect(stale.status == 3)
            #expect(stale.output.contains("00000000-0000-4000-8000-000000000000"))
            #expect(stale.output.contains("1 to fix in \(path), then run 'interaction-migrate mappings check --name acme' again"), "\(stale.output)")

            try Data("{\"formatVersion\": 1, \"queues\": [".utf8).write(to: URL(fileURLWithPath: path))
            let broken = try ToolProcess.run(generate, environment: environment)
            #expect(broken.status == 65)
            #expect(broken.error.contains(path))
        }
    }
}
