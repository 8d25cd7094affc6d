import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

extension EndToEnd {
    @Suite("interaction-migrate status", .serialized)
    struct StatusCommandTests {
        /// A migration taken phase by phase by the built binary against the emulator's default
        /// pair in-process, with `status` asked between the phases.
        final class Pipeline: @unchecked Sendable {
            let emulator: Emulator
            let root: String
            let environment: [String: String]
            let sourceAPI: String
            let destinationAPI: String
            var workspace: MigrationWorkspace { try! MigrationWorkspace(root: root, name: "acme") }

            init(records: Int = 150, days: Int = 2) throws {
                var knobs = OrgKnobs()
                knobs.jobLatencyMilliseconds = 20
                emulator = try Emulator(orgs: EmulatorSetup(seed: 11, records: records, days: days, from: ImportWorkspace.from, knobs: knobs).defaultPair())
                root = try EndToEnd.MappingsCommandTests.temporaryFolder()
                let source = emulator.endpoint("source")!, destination = emulator.endpoint("destination")!
                sourceAPI = source.apiBase
                destinationAPI = destination.apiBase
                var environment = ProcessInfo.processInfo.environment
                environment["SOURCE_CLIENT_ID"] = source.clientId
                environment["SOURCE_CLIENT_SECRET"] = source.clientSecret
                environment["DEST_CLIENT_ID"] = destination.clientId
                environment["DEST_CLIENT_SECRET"] = destination.clientSecret
                environment.removeValue(forKey: "INTERACTION_MIGRATE_TEST_PAUSE")
                self.environment = environment
            }

            func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
                try ToolProcess.run(arguments, environment: environment, timeout: 300)
            }

            /// Every ambiguous or unmatched entry given a destination entity, as an admin would.
            func resolveMapping() throws {
                try ImportWorkspace.resolveMapping(of: workspace, destination: emulator.orgs[1].content)
            }

            deinit {
                emulator.shutdown()
                try? FileManager.default.removeItem(atPath: root)
            }
        }

        /// What `status` printed, both ways, for `root`.
        struct Shown {
            var status: Int32
            var lines: [String]
            var json: JSONValue
            var error: String

            var next: String? { json["next"]?["command"]?.stringValue }
            var arguments: [String] { (json["next"]?["arguments"]?.arrayValue ?? []).compactMap(\.stringValue).dropFirst().map { $0 } }
            var reason: String { json["next"]?["reason"]?.stringValue ?? "" }
        }

        static func status(root: String, environment: [String: String]? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Shown {
            let text = try ToolProcess.run(["status", "--name", "acme", "--workspace", root], environment: environment)
            let json = try ToolProcess.run(["status", "--name", "acme", "--workspace", root, "--json"], environment: environment)
            #expect(text.status == json.status, "text and --json agree on the exit status", sourceLocation: sourceLocation)
            let parsed = try JSONParser.parse(Array(json.output.utf8))
            let lines = text.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(text.output.hasSuffix("\n") ? 1 : 0)
            let shown = Shown(status: text.status, lines: Array(lines), json: parsed, error: text.error + json.error)
            #expect(shown.lines.last == "next: \(shown.next ?? "?")", "the text ends with the JSON's next command", sourceLocation: sourceLocation)
            return shown
        }

        /// Every file under `state/` with its bytes.
        static func stateFiles(_ workspace: MigrationWorkspace) -> [String: Data] {
            var out: [String: Data] = [:]
            let enumerator = FileManager.default.enumerator(atPath: workspace.stateRoot)
            while let path = enumerator?.nextObject() as? String {
                let full = workspace.stateRoot + "/" + path
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                    out[path] = FileManager.default.contents(atPath: full)
                }
            }
            return out
        }

        /// `status` as `status(root:)`, checking that nothing under `state/` changed (not a byte,
        /// no file added or removed).
        static func statusWritingNothing(_ workspace: MigrationWorkspace, environment: [String: String]? = nil,
                                         sourceLocation: SourceLocation = #_sourceLocation) throws -> Shown {
            let before = stateFiles(workspace)
            let shown = try status(root: workspace.root, environment: environment, sourceLocation: sourceLocation)
            let after = stateFiles(workspace)
            #expect(after.keys.sorted() == before.keys.sorted(), "status added or removed files under state/", sourceLocation: sourceLocation)
            #expect(after == before, "status changed files under state/", sourceLocation: sourceLocation)
            return shown
        }

        // MARK: - Nothing recorded

        @Test("nothing recorded: exit 3, says so, ends with mappings generate and REGION placeholders; writes nothing")
        func nothingRecorded() throws {
            let root = try EndToEnd.MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let shown = try Self.status(root: root)
            #expect(shown.status == 3, "\(shown.lines) \(shown.error)")
            #expect(shown.next == "interaction-migrate mappings generate --name acme --workspace \(root) --source-region REGION --dest-region REGION")
            #expect(shown.lines.contains { $0.hasPrefix("nothing is recorded for this migration") })
            #expect(shown.reason.contains("replace each REGION"))
            #expect(shown.json["recorded"] == false)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty, "no folder or file created")
        }

        // MARK: - Phase by phase

        @Test("phase by phase: export, then transform (--dest-api of the emulator), then import, then verify; each printed command runs")
        func phaseByPhase() throws {
            let pipeline = try Pipeline()
            let workspace = pipeline.workspace
            let root = pipeline.root
            let generate = try pipeline.run(["mappings", "generate", "--name", "acme", "--workspace", root,
                                             "--source-api", pipeline.sourceAPI, "--dest-api", pipeline.destinationAPI])
            #expect(generate.status == 0 || generate.status == 3, "\(generate.error)")

            let mapped = try Self.status(root: root)
            #expect(mapped.status == 0)
            #expect(mapped.arguments.first == "export")
            #expect(mapped.json["next"]?["placeholders"] == true)
            if generate.status == 3 {
                #expect(mapped.reason.contains("need a decision"), "\(mapped.reason)")
                let open = mapped.json["mapping"]?["openEntries"]?.arrayValue ?? []
                #expect(!open.isEmpty)
                if let first = open.first?["sourceId"]?.stringValue { #expect(mapped.reason.contains(first)) }
            }

            try pipeline.resolveMapping()
            let resolved = try Self.status(root: root)
            #expect(resolved.next == "interaction-migrate export --name acme --workspace \(root) --source-api \(pipeline.sourceAPI) --from YYYY-MM-DD --to YYYY-MM-DD")
            #expect(resolved.reason.hasPrefix("nothing is exported yet"))

            // After the export alone: transform is next, naming the destination for its schema.
            let from = ImportWorkspace.from, to = ImportWorkspace.from.adding(seconds: 2 * 86_400)
            let export = try pipeline.run(["export", "--name", "acme", "--workspace", root, "--from", from.description,
                                           "--to", to.description, "--source-api", pipeline.sourceAPI])
            #expect(export.status == 0, "\(export.error)")
            let exported = try Self.statusWritingNothing(workspace)
            #expect(exported.status == 0)
            #expect(exported.next == "interaction-migrate transform --name acme --workspace \(root) --dest-api \(pipeline.destinationAPI)")
            #expect(exported.lines.contains { $0.hasPrefix("export: 2 of 2 windows complete, 0 failed, 0 unfinished; 150 records exported") }, "\(exported.lines)")
            #expect(exported.json["export"]?["range"]?["from"]?.stringValue == from.description)
            #expect(exported.json["export"]?["range"]?["to"]?.stringValue == to.description)
            let transform = try pipeline.run(exported.arguments)
            #expect(transform.status == 0, "the printed transform runs: \(transform.output)\(transform.error)")

            // After the transform: import, with the exact --dest-api of the emulator.
            let transformed = try Self.statusWritingNothing(workspace)
            #expect(transformed.next == "interaction-migrate import --name acme --workspace \(root) --dest-api \(pipeline.destinationAPI)")
            #expect(transformed.reason.hasPrefix("nothing is imported yet"))
            #expect(transformed.json["transform"]?["totals"]?["transformed"]?.intValue == 2)
            let source = pipeline.emulator.endpoint("source")!
            #expect(transformed.json["source"]?["orgId"]?.stringValue == source.id)
            for line in transformed.lines + [transformed.error] {
                #expect(!line.contains(source.clientSecret), "no secret in the output")
            }

            // A lock held by another process: status still reads, names the holder, writes nothing.
            let holder = try LockHolder(workspace.lockFile)
            let locked = try Self.statusWritingNothing(workspace)
            #expect(locked.status == 0, "\(locked.error)")
            #expect(locked.next == transformed.next)
            if FileManager.default.isReadableFile(atPath: "/proc/locks") {
                #expect(locked.json["inUseBy"]?.intValue == Int64(holder.pid), "\(locked.json["inUseBy"] ?? nil)")
                #expect(locked.lines.contains { $0.hasPrefix("in use:") && $0.contains("process \(holder.pid)") })
            }
            holder.stop()

            let imported = try pipeline.run(transformed.arguments)
            #expect(imported.status == 0, "the printed import runs: \(imported.output)\(imported.error)")

            // Everything imported: verify is next.
            let done = try Self.statusWritingNothing(workspace)
            #expect(done.status == 0)
            #expect(done.next == "interaction-migrate verify --name acme --workspace \(root) --dest-api \(pipeline.destinationAPI)")
            #expect(done.json["import"]?["totals"]?["importedRecords"]?.intValue == done.json["transform"]?["totals"]?["outputRecords"]?.intValue)
            #expect(done.lines.contains { $0.hasPrefix("import: 2 of 2 windows complete") }, "\(done.lines)")
            #expect(done.lines.filter { $0.hasPrefix("  20240101T000000Z_20240102T000000Z  ") }.count == 3, "one line per phase for the window")
        }

        // MARK: - A partial import

        @Test("an import paused after a 202 (holding the lock), then killed: status works throughout, writes nothing, and import is next until it is done")
        func partialImport() throws {
            let ws = try ImportWorkspace(records: 200, days: 2)
            let workspace = ws.workspace
            var environment = ws.environment
            environment[EndToEnd.ImportKillTests.pauseVariable] = "accepted=30"
            let tool = try ToolProcess(ws.importArguments(["--chunk-size", "20", "--concurrency", "1"]), environment: environment)
            let errors = PipeLines(tool.standardError.fileHandleForReading)
            let output = PipeLines(tool.standardOutput.fileHandleForReading)
            let paused = errors.wait(timeout: 60) { lines in lines.contains { $0.hasPrefix("[test] paused at accepted") } }
            #expect(paused, "\(errors.all.suffix(10))")

            let during = try Self.statusWritingNothing(workspace)
            #expect(during.status == 0, "\(during.error)")
            #expect(during.next == "interaction-migrate import --name acme --workspace \(ws.root) --dest-api \(ws.destinationAPI) --chunk-size 20")
            #expect(during.json["import"]?["totals"]?["chunks"]?["inDoubt"]?.intValue == 1, "the paused chunk is recorded submitting")
            if FileManager.default.isReadableFile(atPath: "/proc/locks") {
                #expect(during.json["inUseBy"]?.intValue == Int64(tool.process.processIdentifier))
            }

            kill(tool.process.processIdentifier, SIGKILL)
            tool.process.waitUntilExit()
            _ = errors.waitForEnd(timeout: 10)
            _ = output.waitForEnd(timeout: 10)

            let killed = try Self.statusWritingNothing(workspace)
            #expect(killed.status == 0)
            #expect(killed.next == during.next)
            #expect(killed.reason.contains("in doubt"), "\(killed.reason)")
            #expect(killed.json["inUseBy"] == .null)
            let importLines = killed.lines.filter { $0.hasPrefix("import: ") }
            #expect(importLines.count == 1 && importLines[0].contains("1 in doubt"), "\(importLines)")

            let again = try ToolProcess.run(killed.arguments, environment: ws.environment, timeout: 300)
            #expect(again.status == 0, "the printed import runs: \(again.output)\(again.error)")
            let done = try Self.statusWritingNothing(workspace)
            #expect(done.arguments.first == "verify", "\(done.reason)")
            #expect(done.json["import"]?["totals"]?["importedRecords"]?.intValue == 200)
        }

        // MARK: - INVALID_REFERENCE

        @Test("chunks failed with INVALID_REFERENCE: fix the mapping entries named by id, then transform; the fix leads on to import")
        func invalidReference() throws {
            let removed = try EndToEnd.ImportCommandTests.removedQueue()
            var knobs = OrgKnobs()
            knobs.jobLatencyMilliseconds = 30
            knobs.queuesRemovedMidRun = [removed]
            let ws = try ImportWorkspace(records: 300, days: 3, knobs: knobs)
            let run = try ws.runImport(["--chunk-size", "50"])
            #expect(run.status == 2, "\(run.error)")
            let failed = try Self.statusWritingNothing(ws.workspace)
            #expect(failed.status == 0)
            #expect(failed.next == "interaction-migrate transform --name acme --workspace \(ws.root)", "the schema is kept: no org needed")
            #expect(failed.reason.contains("INVALID_REFERENCE"))
            #expect(failed.reason.contains(removed), "\(failed.reason)")
            #expect(failed.reason.contains("source id"), "the mapping entries behind the id are named")
            #expect(failed.lines.contains { $0.contains("failed") && $0.contains("last error:") && $0.contains(removed) })

            // Map the source queues that led to the removed queue elsewhere: transform is next (the
            // mapping changed), and once it ran, import.
            var mapping = try MappingFile.read(path: ws.workspace.mappingFile)
            let replacement = try #require(ws.emulator.orgs[1].content.queues.first { $0.id != removed })
            var queues = mapping.queues
            for position in queues.indices where queues[position].destinationId == removed {
                queues[position].destinationId = replacement.id
                queues[position].destinationName = nil
                queues[position].match = .manual
            }
            mapping.queues = queues
            try mapping.write(to: ws.workspace.mappingFile)
            let edited = try Self.statusWritingNothing(ws.workspace)
            #expect(edited.next == failed.next)
            #expect(edited.reason.contains("the mapping file changed since the transform"), "\(edited.reason)")
            let transform = try ToolProcess.run(edited.arguments, environment: ws.environment, timeout: 300)
            #expect(transform.status == 0, "\(transform.error)")
            let replanned = try Self.statusWritingNothing(ws.workspace)
            #expect(replanned.next == "interaction-migrate import --name acme --workspace \(ws.root) --dest-api \(ws.destinationAPI) --chunk-size 50")
            #expect(replanned.reason.contains("transformed again since planned"), "\(replanned.reason)")
        }
    }
}
