import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

extension EndToEnd {
    /// `run` (export, transform and import pipelined) against the emulator pair, by the built
    /// binary: complete and verified, a dry run that matches the real run, staged work resumed,
    /// an interrupted run resumed, and the destination confirmation.
    @Suite struct RunCommandTests {
        static func runArguments(_ ws: ImportWorkspace, _ extra: [String] = []) -> [String] {
            ["run", "--name", ws.name, "--workspace", ws.root, "--source-api", ws.sourceAPI, "--dest-api", ws.destinationAPI,
             "--from", ImportWorkspace.from.description, "--to", ws.to.description] + extra
        }

        static func state(_ ws: ImportWorkspace) async throws -> MigrationState {
            let store = try StateStore(ws.workspace, access: .readOnly)
            let state = await store.state
            try await store.close()
            return state
        }

        /// POSTs (of any kind) the destination has answered.
        static func destinationWrites(_ ws: ImportWorkspace) async throws -> Int {
            let routes = try await ws.summary()["requests"]?["byRoute"]?.objectValue ?? JSONObject()
            return routes.filter { $0.key.hasPrefix("POST ") && $0.key != "POST /oauth/token" }.reduce(0) { $0 + ($1.value.intValue.map(Int.init) ?? 0) }
        }

        @Test func runThenVerifyMatches() async throws {
            let ws = try ImportWorkspace(records: 500, days: 3, exportAndTransform: false)
            let run = try ToolProcess.run(Self.runArguments(ws), environment: ws.environment, timeout: 300)
            #expect(run.status == 0, "\(run.output)\n\(run.error)")
            #expect(run.output.contains("run complete"))
            let held = ws.destinationExternalIds()
            #expect(held.count == Set(held).count, "duplicates in the destination")
            #expect(Set(held) == (try ws.transformedExternalIds()))
            #expect(held.count == 500)
            let verify = try ToolProcess.run(["verify", "--name", ws.name, "--workspace", ws.root, "--dest-api", ws.destinationAPI],
                                             environment: ws.environment, timeout: 300)
            #expect(verify.status == 0, "\(verify.output)\n\(verify.error)")
            // The single phases see the run's work as done.
            let again = try ws.runImport()
            #expect(again.status == 0, "\(again.error)")
            #expect(ws.emulator.orgs[1].postedExternalIds().values.allSatisfy { $0 == 1 }, "a record was posted twice")
        }

        @Test func dryRunWritesNothingAndMatchesTheRealRun() async throws {
            let ws = try ImportWorkspace(records: 400, days: 2, exportAndTransform: false)
            let dry = try ToolProcess.run(Self.runArguments(ws, ["--dry-run", "--chunk-size", "150"]), environment: ws.environment, timeout: 300)
            #expect(dry.status == 0, "\(dry.output)\n\(dry.error)")
            #expect(try await Self.destinationWrites(ws) == 0)
            #expect(ws.destinationExternalIds().isEmpty)
            let reports = try FileManager.default.contentsOfDirectory(atPath: ws.workspace.reportsFolder).filter { $0.hasPrefix("dry-run-") && $0.hasSuffix(".json") }
            #expect(reports.count == 1)
            let report = try JSONParser.parse(try FileContents.read(path: ws.workspace.reportFile(reports[0])))
            #expect(report["wouldSendEverything"]?.boolValue == true)
            var planned: [String: [String]] = [:]
            for window in report["windows"]?.arrayValue ?? [] {
                planned[window["window"]!.stringValue!] = (window["chunks"]?.arrayValue ?? []).compactMap { $0["chunk"]?.stringValue }
            }
            #expect(planned.count == 2)
            #expect(planned.values.allSatisfy { $0.count == 2 }, "200 records a window in chunks of 150: \(planned)")

            let run = try ToolProcess.run(Self.runArguments(ws, ["--chunk-size", "150"]), environment: ws.environment, timeout: 300)
            #expect(run.status == 0, "\(run.output)\n\(run.error)")
            let state = try await Self.state(ws)
            #expect(state.imports.plans.mapValues(\.chunks) == planned)
            let statuses = state.imports.windows.values.flatMap(\.values).map(\.status)
            #expect(statuses.count == 4 && statuses.allSatisfy { $0 == .completed })
            #expect(Set(ws.destinationExternalIds()) == (try ws.transformedExternalIds()))
        }

        @Test func dryRunRefusalIsTheRealRunsPreflightStop() async throws {
            let ws = try ImportWorkspace(records: 300, days: 2, exportAndTransform: false)
            // Point every mapped queue at an id the destination doesn't have.
            var mapping = try MappingFile.read(path: ws.workspace.mappingFile)
            let bogus = "00000000-0000-4000-8000-00000000abcd"
            for entry in mapping.queues.indices where mapping.queues[entry].match.hasDestination {
                mapping.queues[entry].destinationId = bogus
                mapping.queues[entry].match = .manual
            }
            try mapping.write(to: ws.workspace.mappingFile)
            let dry = try ToolProcess.run(Self.runArguments(ws, ["--dry-run"]), environment: ws.environment, timeout: 300)
            #expect(dry.status == 3, "\(dry.output)\n\(dry.error)")
            #expect(dry.output.contains(bogus), "the summary names the missing id:\n\(dry.output)")
            #expect(mapping.queues.contains { dry.output.contains("'\($0.sourceName)'") }, "the summary names mapping entries:\n\(dry.output)")
            #expect(try await Self.destinationWrites(ws) == 0)
            let run = try ToolProcess.run(Self.runArguments(ws), environment: ws.environment, timeout: 300)
            #expect(run.status == 3, "the dry run said 3; the run: \(run.status)\n\(run.error)")
            #expect(try await Self.destinationWrites(ws) == 0, "the pre-flight check sends nothing")
            #expect(run.error.contains(bogus))
        }

        @Test func runResumesStagedExportAndAnInterruptedRun() async throws {
            var knobs = OrgKnobs()
            knobs.jobLatencyMilliseconds = 300
            let ws = try ImportWorkspace(records: 600, days: 4, knobs: knobs, exportAndTransform: false)
            // Staged: the first two days exported alone.
            let export = try ToolProcess.run(["export", "--name", ws.name, "--workspace", ws.root, "--from", ImportWorkspace.from.description,
                                              "--to", ImportWorkspace.from.adding(seconds: 2 * 86_400).description, "--source-api", ws.sourceAPI],
                                             environment: ws.environment, timeout: 300)
            #expect(export.status == 0, "\(export.error)")
            // The run, killed once its first chunk is imported.
            let tool = try ToolProcess(Self.runArguments(ws, ["--chunk-size", "50"]), environment: ws.environment)
            let lines = PipeLines(tool.standardError.fileHandleForReading)
            let reached = lines.wait(timeout: 120) { $0.contains { $0.contains("records imported") } }
            #expect(reached, "\(lines.all.joined(separator: "\n"))")
            kill(tool.process.processIdentifier, SIGKILL)
            _ = tool.wait(timeout: 30)
            #expect(lines.all.filter { $0.contains("already exported and unchanged") }.count == 2, "the staged windows were reused:\n\(lines.all.joined(separator: "\n"))")
            let before = try await Self.state(ws)
            let completedBefore = before.imports.windows.flatMap { window, chunks in chunks.filter { $0.value.status == .completed }.map { (window, $0.value.index) } }
            #expect(!completedBefore.isEmpty)

            let resumed = try ToolProcess.run(Self.runArguments(ws, ["--chunk-size", "50"]), environment: ws.environment, timeout: 300)
            #expect(resumed.status == 0, "\(resumed.output)\n\(resumed.error)")
            let held = ws.destinationExternalIds()
            #expect(held.count == Set(held).count, "duplicates in the destination")
            #expect(Set(held) == (try ws.transformedExternalIds()))
            #expect(held.count == 600)
            // Chunks completed before the kill were not posted again.
            let posted = ws.emulator.orgs[1].postedExternalIds()
            for (window, index) in completedBefore {
                let lines = try FileContents.read(path: ws.workspace.transformedFile(window: window)).split(separator: 0x0A)
                for line in lines[(index * 50)..<min(lines.count, index * 50 + 50)] {
                    let id = try JSONParser.parse(line)["externalId"]!.stringValue!
                    #expect(posted[id] == 1, "\(id) of completed chunk \(window)#\(index) posted \(posted[id] ?? 0) times")
                }
            }
        }

        @Test func sourceAsDestinationIsRefused() async throws {
            let ws = try ImportWorkspace(records: 100, days: 1, exportAndTransform: false)
            var arguments = Self.runArguments(ws)
            arguments[arguments.firstIndex(of: "--dest-api")! + 1] = ws.sourceAPI
            var environment = ws.environment
            environment["DEST_CLIENT_ID"] = environment["SOURCE_CLIENT_ID"]
            environment["DEST_CLIENT_SECRET"] = environment["SOURCE_CLIENT_SECRET"]
            let run = try ToolProcess.run(arguments, environment: environment)
            #expect(run.status == 78, "\(run.error)")
            #expect(!FileManager.default.fileExists(atPath: ws.workspace.exportFolder), "nothing exported before the refusal")
        }

        // MARK: - The destination confirmation

        static let confirm = ["INTERACTION_MIGRATE_TEST_CONFIRM_LOOPBACK": "1"]

        /// Runs `arguments` with standard input a terminal on which `answer` is typed.
        static func runAtTerminal(_ arguments: [String], environment: [String: String], answer: String) throws -> (status: Int32, error: String) {
            let terminal = try PseudoTerminal()
            let process = ChildProcess()
            process.executableURL = ToolProcess.binary
            process.arguments = arguments
            process.environment = environment
            process.standardInput = terminal.terminal
            let output = Pipe()
            let error = Pipe()
            process.standardOutput = output
            process.standardError = error
            let lines = PipeLines(error.fileHandleForReading)
            _ = PipeLines(output.fileHandleForReading)
            try process.run()
            // Answer once the question is asked (the prompt has no newline: wait for the line before it).
            let asked = lines.wait(timeout: 120) { $0.contains { $0.contains("will write to the destination org") } }
            if asked { terminal.type(answer) }
            process.waitUntilExit()
            lines.waitForEnd(timeout: 10)
            return (process.terminationStatus, lines.all.joined(separator: "\n"))
        }

        @Test func remoteDestinationWithoutTerminalOrYesIsRefused() async throws {
            let ws = try ImportWorkspace(records: 100, days: 1, exportAndTransform: false)
            let environment = ws.environment.merging(Self.confirm) { $1 }
            let run = try ToolProcess.run(Self.runArguments(ws), environment: environment)
            #expect(run.status == 64, "\(run.error)")
            #expect(run.error.contains("--yes") && run.error.contains("Acme EU"), "\(run.error)")
            #expect(!FileManager.default.fileExists(atPath: ws.workspace.exportFolder), "refused before the export")
            #expect(try await Self.destinationWrites(ws) == 0)
            let yes = try ToolProcess.run(Self.runArguments(ws, ["--yes"]), environment: environment, timeout: 300)
            #expect(yes.status == 0, "\(yes.error)")
            #expect(yes.error.contains("confirmed by --yes"))
            #expect(ws.destinationExternalIds().count == 100)
        }

        @Test func remoteDestinationIsConfirmedByTypingItsName() async throws {
            let ws = try ImportWorkspace(records: 100, days: 1, exportAndTransform: false)
            let environment = ws.environment.merging(Self.confirm) { $1 }
            let wrong = try Self.runAtTerminal(Self.runArguments(ws), environment: environment, answer: "Acme Prod")
            #expect(wrong.status == 64, "\(wrong.error)")
            #expect(wrong.error.contains("not the destination org's name"), "\(wrong.error)")
            #expect(try await Self.destinationWrites(ws) == 0)
            let right = try Self.runAtTerminal(Self.runArguments(ws), environment: environment, answer: "Acme EU")
            #expect(right.status == 0, "\(right.error)")
            #expect(ws.destinationExternalIds().count == 100)
            // Loopback without the test variable: no question, no terminal needed.
            let local = try ToolProcess.run(Self.runArguments(ws), environment: ws.environment, timeout: 300)
            #expect(local.status == 0, "\(local.error)")
        }

        @Test func importAsksTheSameQuestion() async throws {
            let ws = try ImportWorkspace(records: 100, days: 1)
            let environment = ws.environment.merging(Self.confirm) { $1 }
            let refused = try ToolProcess.run(ws.importArguments(), environment: environment)
            #expect(refused.status == 64, "\(refused.error)")
            #expect(refused.error.contains("--yes"), "\(refused.error)")
            #expect(try await Self.destinationWrites(ws) == 0)
            let wrong = try Self.runAtTerminal(ws.importArguments(), environment: environment, answer: "acme eu?")
            #expect(wrong.status == 64, "\(wrong.error)")
            #expect(try await Self.destinationWrites(ws) == 0)
            let right = try Self.runAtTerminal(ws.importArguments(), environment: environment, answer: "  Acme EU ")
            #expect(right.status == 0, "\(right.error)")
            #expect(ws.destinationExternalIds().count == 100)
        }

        @Test func aDestinationWithoutTheImportAPIIsRefusedBeforeAnyChunkIsRecorded() async throws {
            let ws = try ImportWorkspace(records: 100, days: 1)
            var real = OrgKnobs()
            real.servesInteractionExport = false
            let other = try Emulator(orgs: EmulatorSetup(seed: 99, records: 0, days: 1, from: ImportWorkspace.from, knobs: real).defaultPair())
            defer { other.shutdown() }
            let destination = other.endpoint("destination")!
            var environment = ws.environment
            environment["DEST_CLIENT_ID"] = destination.clientId
            environment["DEST_CLIENT_SECRET"] = destination.clientSecret
            let run = try ToolProcess.run(["import", "--name", ws.name, "--workspace", ws.root, "--dest-api", destination.apiBase],
                                          environment: environment)
            #expect(run.status == 78, "\(run.error)")
            #expect(run.error.contains("404"), "\(run.error)")
            let state = try await Self.state(ws)
            let recorded = state.imports.windows.values.reduce(0) { $0 + $1.count }
            #expect(recorded == 0, "no chunk recorded: \(state.imports.windows)")
        }

        @Test func aDryRunAgainstAnOrgWithoutSchemaListOrImportAPI() async throws {
            let ws = try ImportWorkspace(records: 100, days: 1, exportAndTransform: false)
            var real = OrgKnobs()
            real.servesInteractionExport = false
            let other = try Emulator(orgs: EmulatorSetup(seed: 7, records: 0, days: 1, from: ImportWorkspace.from, knobs: real).defaultPair())
            defer { other.shutdown() }
            let destination = other.endpoint("destination")!
            var environment = ws.environment
            environment["DEST_CLIENT_ID"] = destination.clientId
            environment["DEST_CLIENT_SECRET"] = destination.clientSecret
            var arguments = Self.runArguments(ws, ["--dry-run"])
            arguments[arguments.firstIndex(of: "--dest-api")! + 1] = destination.apiBase
            let noFields = try ToolProcess.run(arguments, environment: environment, timeout: 300)
            #expect(noFields.status == 78, "\(noFields.error)")
            #expect(noFields.error.contains("--dest-schema-fields"), "\(noFields.error)")
            let fields = ws.root + "/fields.json"
            try Data(#"["type","state","startTime","endTime","direction","participants","wrapup","queueId","flowId","externalId","divisionId","conversationId","mediaType","customAttributes","segments","metrics","ani","dnis","language"]"#.utf8)
                .write(to: URL(fileURLWithPath: fields))
            let dry = try ToolProcess.run(arguments + ["--dest-schema-fields", fields], environment: environment, timeout: 300)
            #expect(dry.status == 3, "\(dry.output)\n\(dry.error)")
            #expect(dry.output.contains("no interaction import API"), "\(dry.output)")
            #expect(other.orgs[1].heldExternalIds().isEmpty)
        }
    }
}
