import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

extension EndToEnd {
    /// Broken state files (issue 13), each made by code from the real state file of a migration
    /// that exported and transformed everything (and, for the import section, imported it):
    /// truncated, emptied, not JSON, edited by hand (a field of the wrong type, an unknown status),
    /// of a newer format. `status`, `import`, `run` and `transform` each refuse it with exit 65 and
    /// a message naming the state file and what to do; the state file is never repaired or
    /// overwritten, nothing is left under `state/`, and no org receives a write.
    @Suite("hostile input: state files") struct HostileStateFileTests {
        typealias Tool = HostileMappingFileTests

        /// How the refusal must read.
        enum Refusal: Sendable {
            /// `state file PATH is damaged: …`, with the text the reason must contain.
            case damaged(String)
            /// `state file PATH has formatVersion N, …`.
            case newer(Int64)
        }

        /// One broken state file: how it is made from the good one, and how it is refused.
        struct Case: Sendable, CustomStringConvertible {
            var name: String
            /// Whether the state must have an import section first (the import is run to its end).
            var needsImport = false
            var make: @Sendable (JSONValue, [UInt8]) -> [UInt8]
            var refusal: @Sendable (JSONValue) -> Refusal
            var description: String { name }

            /// The good state with the member at `path` set (removed when nil). `path` may start
            /// with `@export`, `@transform` or `@chunk`: the first export window, transform window,
            /// or import chunk (`import.windows.W.chunks.SHA`) of the file.
            static func set(_ name: String, _ path: String, _ value: JSONValue?, needsImport: Bool = false,
                            reason: @escaping @Sendable (String) -> String) -> Case {
                Case(name: name, needsImport: needsImport, make: { doc, _ in
                    Tool.pretty(Tool.setting(doc, HostileStateFileTests.keys(path, in: doc)[...], to: value))
                }, refusal: { doc in .damaged(reason(HostileStateFileTests.keys(path, in: doc).joined(separator: "."))) })
            }

            static func bytes(_ name: String, _ make: @escaping @Sendable ([UInt8]) -> [UInt8], _ refusal: Refusal) -> Case {
                Case(name: name, make: { _, bytes in make(bytes) }, refusal: { _ in refusal })
            }
        }

        /// `path` with its shorthand expanded to the keys of the state file `doc`.
        static func keys(_ path: String, in doc: JSONValue) -> [String] {
            var keys = path.split(separator: ".").map(String.init)
            guard let first = keys.first else { return keys }
            let firstKey = { (value: JSONValue?) in value?.objectValue?.first?.key ?? "?" }
            switch first {
            case "@export": keys.replaceSubrange(0...0, with: ["export", "windows", firstKey(doc["export"]?["windows"])])
            case "@transform": keys.replaceSubrange(0...0, with: ["transform", "windows", firstKey(doc["transform"]?["windows"])])
            case "@chunk":
                let window = firstKey(doc["import"]?["windows"])
                let chunk = firstKey(doc["import"]?["windows"]?[window]?["chunks"])
                keys.replaceSubrange(0...0, with: ["import", "windows", window, "chunks", chunk])
            default: break
            }
            return keys
        }

        static let cases: [Case] = [
            .bytes("truncated in the middle", { Array($0.prefix($0.count / 2)) }, .damaged("it is not JSON")),
            .bytes("empty", { _ in [] }, .damaged("it is not JSON")),
            .bytes("not JSON (a merge conflict)", { Array("<<<<<<< HEAD\n".utf8) + $0 }, .damaged("it is not JSON")),
            .bytes("top level an array", { _ in Array("[]\n".utf8) }, .damaged("the top level: expected an object, found an array")),
            Case(name: "formatVersion of a newer format", make: { doc, _ in Tool.pretty(Tool.setting(doc, ["formatVersion"], to: 99)) },
                 refusal: { _ in .newer(99) }),
            .set("formatVersion a string", "formatVersion", "2") { _ in "formatVersion: missing or not a whole number" },
            .set("formatVersion missing", "formatVersion", nil) { _ in "formatVersion: missing or not a whole number" },
            .set("formatVersion 0", "formatVersion", 0) { _ in "formatVersion: 0 is not a version interaction-migrate ever wrote" },
            .set("export window's records count a string", "@export.recordCount", "many") {
                "\($0): expected a whole number of zero or more, found a string"
            },
            .set("export window's status a number", "@export.status", 7) { "\($0): expected a string, found a number" },
            .set("export window's status unknown", "@export.status", "done") {
                "\($0): expected one of submitted, completed, failed, found \"done\""
            },
            .set("export window's start not a time", "@export.start", "Monday") { "\($0): not an ISO-8601 UTC time" },
            .set("transform window's count negative", "@transform.counts.in", -1) {
                "\($0): expected a whole number of zero or more, found a number"
            },
            .set("import chunk's status a number", "@chunk.status", 7, needsImport: true) { "\($0): expected a string, found a number" },
            .set("import chunk's status unknown", "@chunk.status", "finished", needsImport: true) {
                "\($0): expected one of submitting, submitted, completed, failed, found \"finished\""
            },
            .set("import chunk's records count a string", "@chunk.records", "many", needsImport: true) {
                "\($0): expected a whole number of zero or more, found a string"
            },
        ]

        /// The commands that open the state; `transform` only for a few cases.
        static let commands = ["status", "import", "run"]
        static let transformCases = cases.filter {
            ["truncated in the middle", "formatVersion of a newer format", "export window's status unknown"].contains($0.name)
        }

        static func arguments(_ command: String, _ ws: ImportWorkspace) -> [String] {
            switch command {
            case "status": return ["status", "--name", ws.name, "--workspace", ws.root]
            case "import": return ws.importArguments()
            case "transform": return ["transform", "--name", ws.name, "--workspace", ws.root, "--dest-api", ws.destinationAPI]
            default: return RunCommandTests.runArguments(ws, ["--yes"])
            }
        }

        @Test("status, import and run refuse each broken state file: exit 65, the file and the fix; nothing written or sent",
              arguments: cases, commands)
        func refused(_ test: Case, _ command: String) async throws {
            try await Self.check(test, command)
        }

        @Test("transform refuses a broken state file the same way", arguments: transformCases)
        func transformRefuses(_ test: Case) async throws {
            try await Self.check(test, "transform")
        }

        static func check(_ test: Case, _ command: String) async throws {
            let ws = try ImportWorkspace(records: 100, days: 2)
            if test.needsImport {
                let imported = try ws.runImport()
                #expect(imported.status == 0, "\(imported.error)")
            }
            let path = ws.workspace.stateFile
            let backup = ws.workspace.stateBackupFile
            let good = try FileContents.read(path: path)
            let broken = test.make(try JSONParser.parse(good), good)
            #expect(broken != good, "the edit changed nothing")
            try AtomicFileWriter.write(broken, to: path)
            // The advice to copy the backup back must be one that can be followed.
            #expect(FileManager.default.fileExists(atPath: backup), "no \(backup) to go back to")
            let before = Tool.snapshot(ws.workspace.stateRoot)
            let sourceWrites = try await Tool.writes(api: ws.sourceAPI)
            let destinationWrites = try await Tool.writes(api: ws.destinationAPI)
            let posted = ws.emulator.orgs[1].postedExternalIds()

            let outcome = try Tool.run(Self.arguments(command, ws), environment: ws.environment, timeout: 300)

            #expect(outcome.status == Tool.dataError, "\(command): \(outcome.status)\n\(outcome.output)\n\(outcome.error)")
            let line = outcome.error.split(separator: "\n").first { $0.hasPrefix("error: ") }.map(String.init) ?? ""
            switch test.refusal(try JSONParser.parse(good)) {
            case .damaged(let reason):
                #expect(line.hasPrefix("error: state file \(path) is damaged: "), "\(command): \(outcome.error)")
                #expect(line.contains(reason), "\(command): \(line)\nmissing: \(reason)")
                #expect(line.contains("nothing was changed. Undo the edit, or go back to its previous good version with 'cp \(backup) \(path)'"),
                        "\(command): \(line)")
            case .newer(let version):
                #expect(line.hasPrefix("error: state file \(path) has formatVersion \(version), "), "\(command): \(outcome.error)")
                #expect(line.contains("this version of interaction-migrate reads up to \(MigrationState.formatVersion)"), "\(line)")
                #expect(line.contains("use the newer version that wrote it"), "\(line)")
            }
            // Never repaired or overwritten; nothing left behind; nothing sent anywhere.
            #expect(try FileContents.read(path: path) == broken)
            let after = Tool.snapshot(ws.workspace.stateRoot)
            #expect(after == before, "\(command): \(Tool.differences(before, after))")
            #expect(!after.keys.contains { $0.hasSuffix(".tmp") || $0.contains(".tmp.") })
            #expect(try await Tool.writes(api: ws.sourceAPI) == sourceWrites)
            #expect(try await Tool.writes(api: ws.destinationAPI) == destinationWrites)
            #expect(ws.emulator.orgs[1].postedExternalIds() == posted)
        }
    }
}
