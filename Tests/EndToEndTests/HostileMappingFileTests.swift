import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

extension EndToEnd {
    /// Broken mapping files (issue 13), each made by code from a real generated and resolved one:
    /// every field the reader checks broken in turn (missing, wrong type, bad value), a duplicated
    /// source id, not JSON, truncated. Every command that reads the file refuses it with exit 65, a
    /// message naming the file, the entry and the field and saying what to do, and leaves the
    /// mapping file and `state/` exactly as they were. Ids of the wrong kind (a queue's id given to
    /// a flow) are well-formed, so only `mappings check` against the destination can find them.
    @Suite("hostile input: mapping files") struct HostileMappingFileTests {
        // MARK: - Running the tool (shared with HostileStateFileTests)

        /// The exit statuses these tests expect (README, "Exit statuses"): finished, something to
        /// resolve; an input file without the expected form.
        static let needsAttention: Int32 = 3
        static let dataError: Int32 = 65

        /// What one run of the tool did.
        struct Outcome {
            var status: Int32
            var output: String
            var error: String
        }

        /// Runs the built binary and checks what holds for every hostile input: it ended by itself
        /// (no timeout, no signal, status below 128) and printed no crash report.
        static func run(_ arguments: [String], environment: [String: String], timeout: Double = 120,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
            let tool = try ToolProcess(arguments, environment: environment)
            let output = PipeLines(tool.standardOutput.fileHandleForReading)
            let error = PipeLines(tool.standardError.fileHandleForReading)
            let status = tool.wait(timeout: timeout)
            output.waitForEnd(timeout: 10)
            error.waitForEnd(timeout: 10)
            let outcome = Outcome(status: status, output: output.text, error: error.text)
            let command = arguments.prefix(2).joined(separator: " ")
            #expect(status != -1, "\(command) timed out", sourceLocation: sourceLocation)
            if status != -1 {
                #expect(tool.process.terminationReason == .exit, "\(command) was ended by signal \(status)", sourceLocation: sourceLocation)
            }
            #expect(status >= 0 && status < 128, "\(command): status \(status)", sourceLocation: sourceLocation)
            for crash in ["Fatal error", "Stack dump", "Segmentation fault", "Illegal instruction"] {
                #expect(!outcome.error.contains(crash), "\(command): \(outcome.error)", sourceLocation: sourceLocation)
            }
            return outcome
        }

        /// Every file and folder under `folder`, by path relative to it, with its bytes (nil for a
        /// folder). Lock files count by name only: they hold the last holder's pid.
        static func snapshot(_ folder: String) -> [String: [UInt8]?] {
            var out: [String: [UInt8]?] = [:]
            guard let walker = FileManager.default.enumerator(atPath: folder) else { return out }
            while let relative = walker.nextObject() as? String {
                let path = folder + "/" + relative
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                if isFolder.boolValue || relative.hasSuffix(".lock") {
                    out[relative] = .some(nil)
                } else {
                    out[relative] = .some((try? FileContents.read(path: path)) ?? [])
                }
            }
            return out
        }

        /// What differs between two snapshots, for a failure message.
        static func differences(_ before: [String: [UInt8]?], _ after: [String: [UInt8]?]) -> String {
            let added = Set(after.keys).subtracting(before.keys).sorted()
            let removed = Set(before.keys).subtracting(after.keys).sorted()
            let changed = Set(before.keys).intersection(after.keys).filter { before[$0]! != after[$0]! }.sorted()
            return "added \(added), removed \(removed), changed \(changed)"
        }

        /// POSTs an org has answered, other than for tokens: every write a command can make there.
        static func writes(api: String) async throws -> Int {
            let routes = try await ImportCommandTests.summary(api: api)["requests"]?["byRoute"]?.objectValue ?? JSONObject()
            return routes.filter { $0.key.hasPrefix("POST ") && $0.key != "POST /oauth/token" }
                .reduce(0) { $0 + ($1.value.intValue.map(Int.init) ?? 0) }
        }

        // MARK: - Editing JSON by path

        /// `value` with the member at `path` (object keys; array positions as numbers) replaced by
        /// `new`, or removed when `new` is nil.
        static func setting(_ value: JSONValue, _ path: ArraySlice<String>, to new: JSONValue?) -> JSONValue {
            guard let key = path.first else { return new ?? value }
            let rest = path.dropFirst()
            switch value {
            case .object(var object):
                if rest.isEmpty, new == nil {
                    _ = object.removeValue(forKey: key)
                } else {
                    object[key] = setting(object[key] ?? .null, rest, to: new)
                }
                return .object(object)
            case .array(var list):
                guard let position = Int(key), list.indices.contains(position) else { return value }
                if rest.isEmpty, new == nil {
                    list.remove(at: position)
                } else {
                    list[position] = setting(list[position], rest, to: new)
                }
                return .array(list)
            default:
                return value
            }
        }

        /// `text` as a JSON string literal, as messages quote names and ids.
        static func quoted(_ text: String) -> String { (try? JSONWriter.string(.string(text), style: .compact)) ?? "\"\(text)\"" }

        static func pretty(_ value: JSONValue) -> [UInt8] { (try? JSONWriter.pretty(value, sortedKeys: false)) ?? [] }

        // MARK: - The cases

        /// What a case's expectations may use: the original file, parsed, and the broken bytes.
        struct Facts {
            var original: JSONValue
            var broken: [UInt8]

            /// An entry's label as errors give it: `queues[0] ("Billing")`.
            func entry(_ list: String, _ position: Int) -> String {
                let name = original[list]?.arrayValue?[position]["sourceName"]?.stringValue ?? "?"
                return "\(list)[\(position)] (\(HostileMappingFileTests.quoted(name)))"
            }

            /// The 1-based line on which the broken bytes end.
            var lastLine: Int { broken.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
        }

        /// One broken mapping file: how it is made from the good one, what the message must
        /// mention (the entry and the field) and the fix it must give.
        struct Case: Sendable, CustomStringConvertible {
            var name: String
            var make: @Sendable (JSONValue, [UInt8]) -> [UInt8]
            var mentions: @Sendable (Facts) -> [String]
            var fix: String
            var description: String { name }

            /// The good file with the member at `path` set to `value` (removed when nil).
            static func set(_ name: String, _ path: String, _ value: JSONValue?, mentions: @escaping @Sendable (Facts) -> [String],
                            fix: String) -> Case {
                let keys = path.split(separator: ".").map(String.init)
                return Case(name: name, make: { doc, _ in pretty(setting(doc, keys[...], to: value)) }, mentions: mentions, fix: fix)
            }

            /// Several members changed at once, in order.
            static func edits(_ name: String, _ changes: [(String, JSONValue?)], mentions: @escaping @Sendable (Facts) -> [String],
                              fix: String) -> Case {
                let paths = changes.map { ($0.0.split(separator: ".").map(String.init), $0.1) }
                return Case(name: name, make: { doc, _ in
                    pretty(paths.reduce(doc) { setting($0, $1.0[...], to: $1.1) })
                }, mentions: mentions, fix: fix)
            }

            /// Bytes made from the good file's bytes.
            static func bytes(_ name: String, _ make: @escaping @Sendable ([UInt8]) -> [UInt8], mentions: @escaping @Sendable (Facts) -> [String],
                              fix: String) -> Case {
                Case(name: name, make: { _, bytes in make(bytes) }, mentions: mentions, fix: fix)
            }

            /// The `sourceId` of entry `to` of `list` set to that of entry `from`.
            static func duplicate(_ list: String, _ from: Int, _ to: Int) -> Case {
                Case(name: "duplicate sourceId in \(list)", make: { doc, _ in
                    let id = doc[list]?.arrayValue?[from]["sourceId"] ?? .null
                    return pretty(setting(doc, [list, "\(to)", "sourceId"], to: id))
                }, mentions: { facts in
                    let id = facts.original[list]?.arrayValue?[from]["sourceId"]?.stringValue ?? "?"
                    // Reported at the later of the two, naming the earlier.
                    let (first, second) = (min(from, to), max(from, to))
                    return [facts.entry(list, second), "\"sourceId\" \(HostileMappingFileTests.quoted(id)) is also the sourceId of \(facts.entry(list, first))"]
                }, fix: "keep one entry per source entity and delete the other")
            }
        }

        static let top = "the top level"
        static let mustBe = "; it must be "

        static let cases: [Case] = [
            // The file as a whole.
            .bytes("not JSON", { _ in Array("queues: Billing -> EU Billing\n".utf8) },
                   mentions: { _ in ["invalid JSON on line 1"] }, fix: "fix the syntax there"),
            .bytes("empty file", { _ in [] }, mentions: { _ in ["invalid JSON on line 1 at byte 1"] }, fix: "generate the file again"),
            .bytes("truncated in the middle", { Array($0.prefix($0.count / 2)) },
                   mentions: { ["invalid JSON on line \($0.lastLine)"] }, fix: "generate the file again"),
            .bytes("top level an array", { _ in Array("[]\n".utf8) },
                   mentions: { _ in ["\(top) is an array\(mustBe)an object"] }, fix: "must be an object"),
            // formatVersion.
            .set("formatVersion missing", "formatVersion", nil, mentions: { _ in [top, "\"formatVersion\" is missing"] }, fix: "add it, or generate the file again"),
            .set("formatVersion a string", "formatVersion", "1", mentions: { _ in [top, "\"formatVersion\" is a string"] }, fix: "must be the number 1"),
            .set("formatVersion null", "formatVersion", .null, mentions: { _ in [top, "\"formatVersion\" is null"] }, fix: "must be the number 1"),
            .set("formatVersion of a newer format", "formatVersion", 2, mentions: { _ in ["\"formatVersion\" is 2", "reads format 1"] },
                 fix: "generate the file again with this version"),
            // generatedAt.
            .set("generatedAt missing", "generatedAt", nil, mentions: { _ in [top, "\"generatedAt\" is missing"] }, fix: "add it"),
            .set("generatedAt a number", "generatedAt", 1_733_000_000, mentions: { _ in [top, "\"generatedAt\" is a number"] }, fix: "must be a string"),
            .set("generatedAt not a time", "generatedAt", "yesterday", mentions: { _ in [top, "\"generatedAt\" is \"yesterday\""] },
                 fix: "must be a UTC time like"),
            // source and destination.
            .set("source missing", "source", nil, mentions: { _ in [top, "\"source\" is missing"] }, fix: "add it"),
            .set("source an array", "source", [], mentions: { _ in [top, "\"source\" is an array"] }, fix: "must be an object"),
            .set("source.orgId missing", "source.orgId", nil, mentions: { _ in ["source: \"orgId\" is missing"] }, fix: "add it"),
            .set("source.orgId empty", "source.orgId", "", mentions: { _ in ["source: \"orgId\" is empty"] }, fix: "must be an id"),
            .set("source.orgName a number", "source.orgName", 7, mentions: { _ in ["source: \"orgName\" is a number"] }, fix: "must be a string"),
            .set("source.apiBase null", "source.apiBase", .null, mentions: { _ in ["source: \"apiBase\" is null"] }, fix: "must be a string"),
            .set("destination missing", "destination", nil, mentions: { _ in [top, "\"destination\" is missing"] }, fix: "add it"),
            .set("destination.orgId a number", "destination.orgId", 42, mentions: { _ in ["destination: \"orgId\" is a number"] }, fix: "must be a string"),
            .set("destination.orgName missing", "destination.orgName", nil, mentions: { _ in ["destination: \"orgName\" is missing"] }, fix: "add it"),
            // The lists.
            .set("queues missing", "queues", nil, mentions: { _ in [top, "\"queues\" is missing"] }, fix: "add it"),
            .set("flows an object", "flows", [:], mentions: { _ in [top, "\"flows\" is an object"] }, fix: "must be an array"),
            .set("wrapupCodes a string", "wrapupCodes", "none", mentions: { _ in [top, "\"wrapupCodes\" is a string"] }, fix: "must be an array"),
            // An entry's fields, in the order they are read.
            .set("entry a string", "queues.0", "Billing", mentions: { _ in ["queues[0] is a string"] }, fix: "must be an object"),
            .set("sourceName missing", "queues.0.sourceName", nil, mentions: { _ in ["queues[0]: \"sourceName\" is missing"] }, fix: "add it"),
            .set("sourceName a number", "queues.0.sourceName", 12, mentions: { _ in ["queues[0]: \"sourceName\" is a number"] }, fix: "must be a string"),
            .set("sourceId missing", "flows.0.sourceId", nil, mentions: { ["\($0.entry("flows", 0)): \"sourceId\" is missing"] }, fix: "add it"),
            .set("sourceId empty", "flows.0.sourceId", "", mentions: { ["\($0.entry("flows", 0)): \"sourceId\" is empty"] }, fix: "must be an id"),
            .set("sourceId a number", "wrapupCodes.0.sourceId", 7,
                 mentions: { ["\($0.entry("wrapupCodes", 0)): \"sourceId\" is a number"] }, fix: "must be a string"),
            .set("match missing", "queues.1.match", nil, mentions: { ["\($0.entry("queues", 1)): \"match\" is missing"] }, fix: "add it"),
            .set("match misspelled", "queues.1.match", "manaul", mentions: { ["\($0.entry("queues", 1)): \"match\" is \"manaul\""] },
                 fix: "use one of exact, normalized, manual, ambiguous, unmatched, excluded"),
            .set("match a Boolean", "queues.1.match", true, mentions: { ["\($0.entry("queues", 1)): \"match\" is a Boolean"] }, fix: "must be a string"),
            .set("sourceDivision a number", "queues.0.sourceDivision", 3,
                 mentions: { ["\($0.entry("queues", 0)): \"sourceDivision\" is a number"] }, fix: "must be a string or null"),
            .set("flow type missing", "flows.1.type", nil, mentions: { ["\($0.entry("flows", 1)): \"type\" is missing"] }, fix: "add it"),
            .set("flow type an array", "flows.1.type", ["inboundcall"], mentions: { ["\($0.entry("flows", 1)): \"type\" is an array"] },
                 fix: "must be a string"),
            .set("destinationId a number", "queues.0.destinationId", 42,
                 mentions: { ["\($0.entry("queues", 0)): \"destinationId\" is a number"] }, fix: "must be a string (an id) or null"),
            .set("destinationId empty", "queues.0.destinationId", "",
                 mentions: { ["\($0.entry("queues", 0)): \"destinationId\" is empty"] }, fix: "must be an id or null"),
            .set("destinationId null on an exact entry", "queues.0.destinationId", .null,
                 mentions: { ["\($0.entry("queues", 0)): \"match\" is \"exact\" but \"destinationId\" is missing or null"] },
                 fix: "generate the file again, or set \"match\" to \"manual\" with the destination entity's id"),
            .edits("manual entry without destinationId", [("wrapupCodes.1.match", "manual"), ("wrapupCodes.1.destinationId", nil)],
                   mentions: { ["\($0.entry("wrapupCodes", 1)): \"match\" is \"manual\" but \"destinationId\" is missing or null"] },
                   fix: "set \"destinationId\" to the destination entity's id, or set \"match\" to \"excluded\""),
            .set("destinationId on an excluded entry", "flows.0.match", "excluded",
                 mentions: { ["\($0.entry("flows", 0)): \"destinationId\" is set but \"match\" is \"excluded\""] },
                 fix: "set \"match\" to \"manual\" to use that destination, or set \"destinationId\" to null"),
            .set("destinationName a number", "queues.0.destinationName", 9,
                 mentions: { ["\($0.entry("queues", 0)): \"destinationName\" is a number"] }, fix: "must be a string or null"),
            // Candidates (what `mappings generate` offers an ambiguous entry).
            .set("candidates a string", "queues.0.candidates", "EU Billing",
                 mentions: { ["\($0.entry("queues", 0)): \"candidates\" is a string"] }, fix: "must be an array"),
            .set("candidate a number", "queues.0.candidates", [1],
                 mentions: { ["\($0.entry("queues", 0)): \"candidates[0]\" is a number"] }, fix: "must be an object"),
            .set("candidate without id", "queues.0.candidates", [["name": "EU Billing"]],
                 mentions: { ["\($0.entry("queues", 0)): \"candidates[0].id\" is missing"] }, fix: "add it"),
            .set("candidate id empty", "queues.0.candidates", [["id": "", "name": "EU Billing"]],
                 mentions: { ["\($0.entry("queues", 0)): \"candidates[0].id\" is empty"] }, fix: "must be an id"),
            .set("candidate name a number", "queues.0.candidates", [["id": "x1", "name": 7]],
                 mentions: { ["\($0.entry("queues", 0)): \"candidates[0].name\" is a number"] }, fix: "must be a string"),
            .set("candidate division a Boolean", "queues.0.candidates", [["id": "x1", "name": "EU Billing", "division": false]],
                 mentions: { ["\($0.entry("queues", 0)): \"candidates[0].division\" is a Boolean"] }, fix: "must be a string or null"),
            // The same source entity twice.
            .duplicate("queues", 0, 1),
            .duplicate("flows", 0, 2),
            .duplicate("wrapupCodes", 1, 0),
        ]

        // MARK: - Checking a refusal

        /// Breaks the mapping file of `ws` as `test` says; returns the facts and the broken bytes.
        static func breakMapping(_ ws: ImportWorkspace, _ test: Case) throws -> Facts {
            let good = try FileContents.read(path: ws.workspace.mappingFile)
            let original = try JSONParser.parse(good)
            let broken = test.make(original, good)
            #expect(broken != good, "the edit changed nothing")
            try AtomicFileWriter.write(broken, to: ws.workspace.mappingFile)
            return Facts(original: original, broken: broken)
        }

        /// Exit 65, and one `error:` line naming the file, the entry, the field and the fix.
        static func expectRefusal(_ outcome: Outcome, _ ws: ImportWorkspace, _ test: Case, _ facts: Facts, command: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(outcome.status == HostileMappingFileTests.dataError, "\(command): \(outcome.status)\n\(outcome.output)\n\(outcome.error)",
                    sourceLocation: sourceLocation)
            let line = outcome.error.split(separator: "\n").first { $0.hasPrefix("error: ") }.map(String.init) ?? ""
            #expect(line.hasPrefix("error: \(ws.workspace.mappingFile): "), "\(command): \(outcome.error)", sourceLocation: sourceLocation)
            for mention in test.mentions(facts) {
                #expect(line.contains(mention), "\(command): \(line)\nmissing: \(mention)", sourceLocation: sourceLocation)
            }
            #expect(line.contains(test.fix), "\(command): \(line)\nmissing the fix: \(test.fix)", sourceLocation: sourceLocation)
            // No secret of either org, whatever was printed.
            for secret in ["SOURCE_CLIENT_SECRET", "DEST_CLIENT_SECRET"] {
                if let value = ws.environment[secret] {
                    #expect(!outcome.output.contains(value) && !outcome.error.contains(value), sourceLocation: sourceLocation)
                }
            }
        }

        // MARK: - Tests

        @Test("mappings check refuses each broken mapping file: exit 65, the file, the entry, the field and the fix; nothing written",
              arguments: cases)
        func mappingsCheck(_ test: Case) throws {
            let ws = try ImportWorkspace(records: 100, days: 1, exportAndTransform: false)
            let facts = try Self.breakMapping(ws, test)
            let before = Self.snapshot(ws.root)
            let requests = ws.emulator.orgs[1].requestTotal()
            let check = try Self.run(["mappings", "check", "--name", ws.name, "--workspace", ws.root, "--dest-api", ws.destinationAPI],
                                     environment: ws.environment)
            Self.expectRefusal(check, ws, test, facts, command: "mappings check")
            let after = Self.snapshot(ws.root)
            #expect(after == before, "\(Self.differences(before, after))")
            #expect(try FileContents.read(path: ws.workspace.mappingFile) == facts.broken)
            #expect(!FileManager.default.fileExists(atPath: ws.workspace.stateRoot), "mappings check made state/")
            // Refused before asking the destination anything.
            #expect(ws.emulator.orgs[1].requestTotal() == requests)
        }

        /// The commands besides `mappings check` that read the mapping file, in a migration that
        /// has exported and transformed everything.
        static let readers: [String] = ["transform", "import --dry-run", "import", "run --dry-run", "run --yes"]

        /// A few broken files for every reader: one of each kind of problem.
        static let readerCases: [Case] = cases.filter {
            ["truncated in the middle", "formatVersion of a newer format", "destinationId a number", "duplicate sourceId in queues",
             "match misspelled"].contains($0.name)
        }

        static func arguments(_ command: String, _ ws: ImportWorkspace) -> [String] {
            switch command {
            case "transform": return ["transform", "--name", ws.name, "--workspace", ws.root, "--dest-api", ws.destinationAPI]
            case "import --dry-run": return ws.importArguments(["--dry-run"])
            case "import": return ws.importArguments()
            case "run --dry-run": return RunCommandTests.runArguments(ws, ["--dry-run"])
            default: return RunCommandTests.runArguments(ws, ["--yes"])
            }
        }

        @Test("transform, import and run refuse a broken mapping file the same way, and change nothing in state/ or either org",
              arguments: readerCases, readers)
        func readersRefuse(_ test: Case, _ command: String) async throws {
            let ws = try ImportWorkspace(records: 100, days: 2)
            let facts = try Self.breakMapping(ws, test)
            let before = Self.snapshot(ws.root)
            let sourceWrites = try await Self.writes(api: ws.sourceAPI)
            let destinationWrites = try await Self.writes(api: ws.destinationAPI)
            let outcome = try Self.run(Self.arguments(command, ws), environment: ws.environment, timeout: 300)
            Self.expectRefusal(outcome, ws, test, facts, command: command)
            let after = Self.snapshot(ws.root)
            #expect(after == before, "\(command): \(Self.differences(before, after))")
            #expect(try await Self.writes(api: ws.sourceAPI) == sourceWrites)
            #expect(try await Self.writes(api: ws.destinationAPI) == destinationWrites)
            #expect(ws.destinationExternalIds().isEmpty)
        }

        @Test("a fresh migration's run refuses a broken mapping file without making a state file")
        func freshRunMakesNoState() async throws {
            let ws = try ImportWorkspace(records: 100, days: 1, exportAndTransform: false)
            let test = try #require(Self.cases.first { $0.name == "duplicate sourceId in queues" })
            let facts = try Self.breakMapping(ws, test)
            let outcome = try Self.run(RunCommandTests.runArguments(ws, ["--yes"]), environment: ws.environment, timeout: 300)
            Self.expectRefusal(outcome, ws, test, facts, command: "run --yes")
            #expect(!FileManager.default.fileExists(atPath: ws.workspace.stateFile), "a state file was made for a run that did nothing")
            #expect(try await Self.writes(api: ws.sourceAPI) == 0)
            #expect(try await Self.writes(api: ws.destinationAPI) == 0)
        }

        // MARK: - Ids of the wrong kind

        @Test("mappings check reports each id of the wrong kind (a queue's id given to a flow...) with its entry, and exits 3")
        func idsOfTheWrongKind() throws {
            let ws = try ImportWorkspace(records: 100, days: 1, exportAndTransform: false)
            var mapping = try MappingFile.read(path: ws.workspace.mappingFile)
            let destination = ws.emulator.orgs[1].content
            // Each list's first mapped entry given an id of another list of the destination.
            let wrong: [(MappingKind, MappingKind, String)] = [
                (.flows, .queues, destination.queues[0].id), (.wrapupCodes, .flows, destination.flows[0].id),
                (.queues, .wrapupCodes, destination.wrapupCodes[0].id),
            ]
            var edited: [(MappingKind, MappingEntry, MappingKind)] = []
            for (kind, actual, id) in wrong {
                var entries = mapping[kind]
                let position = try #require(entries.firstIndex { $0.match.hasDestination })
                entries[position].destinationId = id
                entries[position].match = .manual
                mapping[kind] = entries
                edited.append((kind, entries[position], actual))
            }
            try mapping.write(to: ws.workspace.mappingFile)
            let written = try FileContents.read(path: ws.workspace.mappingFile)
            let check = try Self.run(["mappings", "check", "--name", ws.name, "--workspace", ws.root, "--dest-api", ws.destinationAPI],
                                     environment: ws.environment)
            #expect(check.status == Self.needsAttention, "\(check.output)\n\(check.error)")
            let findings = check.output.split(separator: "\n").map(String.init)
            for (kind, entry, actual) in edited {
                let line = findings.first { $0.contains(entry.sourceId) } ?? ""
                #expect(line.hasPrefix("\(kind.singular) \(HostileMappingFileTests.quoted(entry.sourceName)) (\(entry.sourceId)) maps to \(entry.destinationId!)"),
                        "\(check.output)")
                #expect(line.contains("which is a \(actual.singular) in the destination org, not a \(kind.singular)"), "\(line)")
                #expect(line.contains("set \"destinationId\" to the id of a destination \(kind.singular)"), "\(line)")
            }
            #expect(!check.output.contains("every destination id"))
            #expect(try FileContents.read(path: ws.workspace.mappingFile) == written)
        }
    }
}
