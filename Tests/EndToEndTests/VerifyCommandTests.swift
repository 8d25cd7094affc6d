import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

extension EndToEnd {
    @Suite("interaction-migrate verify", .serialized)
    struct VerifyCommandTests {
        /// Runs `verify` against the workspace's destination (or `api`).
        static func verify(_ ws: ImportWorkspace, api: String? = nil, _ extra: [String] = [],
                           environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
            try ToolProcess.run(["verify", "--name", ws.name, "--workspace", ws.root, "--dest-api", api ?? ws.destinationAPI] + extra,
                                environment: ws.environment.merging(environment) { $1 }, timeout: 300)
        }

        /// The line `verify` printed for `window`.
        static func line(_ output: String, window: String) -> String? {
            output.split(separator: "\n").map(String.init).first { $0.hasPrefix("window \(window): ") }
        }

        /// The report `verify` wrote, by the `report:` line of its output.
        static func report(_ output: String) throws -> JSONValue {
            let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("report: ") }, "no report line in:\n\(output)")
            return try JSONParser.parse(try FileContents.read(path: String(line.dropFirst("report: ".count))))
        }

        /// The transformed records of every window, by window name.
        static func transformed(_ ws: ImportWorkspace) throws -> [(window: String, records: [JSONValue])] {
            try ImportCommandTests.transformed(ws)
        }

        /// Sends `records` to the destination with an import job of the test's own (`allowDuplicates`
        /// as given), and waits until the job has ended.
        static func importDirectly(_ ws: ImportWorkspace, _ records: [JSONValue], allowDuplicates: Bool) throws {
            let org = ws.emulator.orgs[1]
            var login = HTTPHeaders()
            login.set("Authorization", "Basic " + Base64.encode(Array("\(org.clientId):\(org.clientSecret)".utf8)))
            login.set("Content-Type", "application/x-www-form-urlencoded")
            let token = org.respond(to: HTTPRequest(method: "POST", target: "/oauth/token", headers: login, body: Array("grant_type=client_credentials".utf8)))
            let access = try #require(try JSONParser.parse(token.body)["access_token"]?.stringValue)
            var headers = HTTPHeaders()
            headers.set("Authorization", "Bearer " + access)
            headers.set("Content-Type", "application/json")
            let body: JSONValue = ["allowDuplicates": .bool(allowDuplicates), "interactions": .array(records), "schemaVersion": "v2.1"]
            let answer = org.respond(to: HTTPRequest(method: "POST", target: "/api/v2/interaction/import", headers: headers,
                                                     body: try JSONWriter.canonical(body)))
            try #require(answer.status == 202, "direct import: \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
            let id = try #require(try JSONParser.parse(answer.body)["id"]?.stringValue)
            let deadline = Date().addingTimeInterval(120)
            while true {
                let status = org.respond(to: HTTPRequest(method: "GET", target: "/api/v2/interaction/import/\(id)", headers: headers))
                let value = try JSONParser.parse(status.body)["status"]?.stringValue
                if value == "completed" { return }
                try #require(value != "failed", "direct import failed: \(String(decoding: status.body, as: UTF8.self))")
                try #require(Date() < deadline, "direct import: not completed after 120 s")
                Thread.sleep(forTimeInterval: 0.02)
            }
        }

        /// A record of the destination's own (not from this migration) starting at `time`.
        static func foreign(_ time: ISOTimestamp, externalId: String?) -> JSONValue {
            var object = JSONObject([("type", "voice"), ("state", "disconnected"), ("startTime", .string(time.description))])
            if let externalId { object["externalId"] = .string(externalId) }
            return .object(object)
        }

        @Test("after a full import every window matches (exit 0), the destination's own records don't fail it, and state/NAME.json is untouched")
        func matchesAfterImport() throws {
            let ws = try ImportWorkspace(records: 120, days: 3)
            let imported = try ws.runImport()
            try #require(imported.status == 0, "\(imported.output)\(imported.error)")
            let windows = try Self.transformed(ws).map(\.window)
            try #require(windows.count == 3)
            let stateBefore = try FileContents.read(path: ws.workspace.stateFile)
            let journalBefore = try? FileContents.read(path: ws.workspace.journalFile)

            let run = try Self.verify(ws)
            #expect(run.status == 0, "\(run.output)\(run.error)")
            for window in windows {
                let line = Self.line(run.output, window: window)
                #expect(line?.contains(": ok (") == true, "\(window): \(line ?? "no line")\n\(run.output)")
            }
            #expect(run.output.contains("verified: "), "\(run.output)")
            #expect(!run.output.contains("NOT verified"))
            let report = try Self.report(run.output)
            #expect(report["verdict"]?.stringValue == "matched")
            #expect(report["totals"]?["expected"]?.intValue == Int64(try ws.transformedExternalIds().count))
            #expect(report["windows"]?.arrayValue?.count == 3)
            #expect(try FileContents.read(path: ws.workspace.stateFile) == stateBefore, "verify wrote in state/NAME.json")
            #expect((try? FileContents.read(path: ws.workspace.journalFile)) == journalBefore, "verify wrote in the journal")

            // The destination's own interactions (no externalId, another origin) are no difference.
            let start = ImportWorkspace.from.adding(seconds: 3600)
            try Self.importDirectly(ws, [Self.foreign(start, externalId: nil), Self.foreign(start, externalId: "elsewhere:1")], allowDuplicates: false)
            // Nothing an earlier verify left is reused: a planted export file, recorded as complete
            // in the verification state, would make window 1 look empty if it were.
            let verification = try ws.workspace.verificationWorkspace
            let leftover = verification.exportFile(window: windows[0])
            let exportedSHA256 = try SHA256.hashFile(atPath: leftover).hex
            let planted = Array("{\"externalId\":\"planted\",\"id\":\"x\",\"type\":\"voice\",\"state\":\"disconnected\",\"startTime\":\"2024-01-01T01:00:00.000Z\"}\n".utf8)
            try AtomicFileWriter.write(planted, to: leftover)
            let verificationState = String(decoding: try FileContents.read(path: verification.stateFile), as: UTF8.self)
            try #require(verificationState.contains(exportedSHA256))
            try AtomicFileWriter.write(verificationState.replacingOccurrences(of: exportedSHA256, with: SHA256.hash(planted).hex), to: verification.stateFile)
            let again = try Self.verify(ws)
            #expect(again.status == 0, "\(again.output)\(again.error)")
            let first = Self.line(again.output, window: windows[0]) ?? ""
            #expect(first.contains(": ok (") && first.contains("2 not from this migration"), "\(again.output)")
            #expect(try Self.report(again.output)["totals"]?["notFromMigration"]?.intValue == 2)
            #expect(try FileContents.read(path: ws.workspace.stateFile) == stateBefore)
        }

        @Test("a removed record is named missing, a record sent again duplicated, a stray of this migration unexpected: exit 3")
        func catchesDifferences() throws {
            let ws = try ImportWorkspace(records: 120, days: 3)
            let imported = try ws.runImport()
            try #require(imported.status == 0, "\(imported.output)\(imported.error)")
            let windows = try Self.transformed(ws)
            let prefix = try MappingFile.read(path: ws.workspace.mappingFile).source.orgId + ":"

            // Window 1: one record lost by the destination.
            let removed = try #require(windows[0].records.first?["externalId"]?.stringValue)
            #expect(ws.emulator.orgs[1].removeInteraction(externalId: removed) == 1)
            let missing = try Self.verify(ws)
            #expect(missing.status == 3, "\(missing.output)\(missing.error)")
            let missingLine = Self.line(missing.output, window: windows[0].window) ?? ""
            #expect(missingLine.contains("1 missing (\(removed))"), "\(missing.output)")
            #expect(missingLine.contains("0 unexpected") && missingLine.contains("0 duplicated"), "\(missingLine)")
            #expect(Self.line(missing.output, window: windows[1].window)?.contains(": ok (") == true, "\(missing.output)")
            #expect(missing.output.contains("NOT verified"), "\(missing.output)")
            let missingReport = try Self.report(missing.output)
            #expect(missingReport["verdict"]?.stringValue == "mismatched")
            let first = missingReport["windows"]?.arrayValue?.first { $0["window"]?.stringValue == windows[0].window }
            #expect(first?["missingExamples"]?.arrayValue?.compactMap(\.stringValue) == [removed])

            // Put it back; window 2: one record held twice; window 3: a record of this migration
            // the transform never wrote.
            try Self.importDirectly(ws, [windows[0].records[0]], allowDuplicates: false)
            let duplicated = try #require(windows[1].records.last)
            let duplicatedId = try #require(duplicated["externalId"]?.stringValue)
            try Self.importDirectly(ws, [duplicated], allowDuplicates: true)
            guard case .object(var stray) = windows[2].records[0] else { Issue.record("not an object"); return }
            let strayId = prefix + "not-transformed-1"
            stray["externalId"] = .string(strayId)
            try Self.importDirectly(ws, [.object(stray)], allowDuplicates: false)

            let run = try Self.verify(ws)
            #expect(run.status == 3, "\(run.output)\(run.error)")
            #expect(Self.line(run.output, window: windows[0].window)?.contains(": ok (") == true, "the removed record is back: \(run.output)")
            let second = Self.line(run.output, window: windows[1].window) ?? ""
            #expect(second.contains("1 duplicated (\(duplicatedId) x2)") && second.contains("0 missing"), "\(run.output)")
            let third = Self.line(run.output, window: windows[2].window) ?? ""
            #expect(third.contains("1 unexpected (\(strayId))") && third.contains("0 missing"), "\(run.output)")
            let report = try Self.report(run.output)
            #expect(report["verdict"]?.stringValue == "mismatched")
            #expect(report["totals"]?["duplicated"]?.intValue == 1 && report["totals"]?["unexpected"]?.intValue == 1)
            #expect(report["totals"]?["missing"]?.intValue == 0)
        }

        @Test("a destination without interaction export (a Genesys Cloud org): exit 3 with the plain message; the source as destination is refused")
        func unverifiableDestination() throws {
            let ws = try ImportWorkspace(records: 30, days: 1)
            var knobs = OrgKnobs()
            knobs.servesInteractionExport = false
            let definition = EmulatorSetup(seed: 99, records: 0, days: 1, knobs: knobs).defaultPair()[1]
            let real = try Emulator(orgs: [definition])
            defer { real.shutdown() }
            let org = try #require(real.endpoint("destination"))
            let run = try Self.verify(ws, api: org.apiBase, environment: ["DEST_CLIENT_ID": org.clientId, "DEST_CLIENT_SECRET": org.clientSecret])
            #expect(run.status == 3, "\(run.output)\(run.error)")
            #expect(run.output.contains("\(org.name) (\(org.id)) is a Genesys Cloud org: it has no interaction export, so verify cannot check what the destination holds; nothing is claimed"),
                    "\(run.output)")
            #expect(!run.output.contains("verified:"), "\(run.output)")
            #expect(try Self.report(run.output)["verdict"]?.stringValue == "unverifiable")
            #expect(!run.output.contains(org.clientSecret) && !run.error.contains(org.clientSecret))

            let source = try #require(ws.emulator.endpoint("source"))
            let same = try Self.verify(ws, api: ws.sourceAPI, environment: ["DEST_CLIENT_ID": source.clientId, "DEST_CLIENT_SECRET": source.clientSecret])
            #expect(same.status == 78, "\(same.output)\(same.error)")
            #expect(same.error.contains("is the migration's source org"), "\(same.error)")
        }

        @Test("nothing transformed: an error naming the next step, nothing written")
        func nothingTransformed() throws {
            let root = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            var environment = ProcessInfo.processInfo.environment
            environment["DEST_CLIENT_ID"] = "x"
            environment["DEST_CLIENT_SECRET"] = "y"
            let run = try ToolProcess.run(["verify", "--name", "acme", "--workspace", root, "--dest-api", "http://127.0.0.1:9"], environment: environment)
            #expect(run.status == 66, "\(run.output)\(run.error)")
            #expect(run.error.contains("run 'interaction-migrate transform --name acme'"), "\(run.error)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
        }
    }
}
