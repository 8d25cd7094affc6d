import Essentials
import Foundation
@testable import MigrationCLI
import MigrationKit
import OrgEmulator
import Testing

extension EndToEnd {
    /// Secret hygiene (issue 13): every command of the command table runs with known client
    /// secrets against orgs that issue short-lived tokens, and then neither a secret nor a token
    /// (raw, base64 or URL-encoded) appears in any byte under `state/`, `mappings/` or the demo's
    /// kept folder, nor in any output; and the files of a migration are owner-only.
    @Suite struct SecretHygieneTests {
        /// The leaf commands of the command table, as the words that select them (`bench json`, `orgs check`, ...).
        static func leafCommands(_ node: CommandNode = CommandTable.root, prefix: [String] = []) -> [String] {
            switch node {
            case .group(let spec, let children):
                let path = node.name == CommandTable.root.name && prefix.isEmpty ? [] : prefix + [spec.name]
                return children.flatMap { leafCommands($0, prefix: path) }
            case .command(let command):
                return [(prefix + [command.spec.name]).joined(separator: " ")]
            }
        }

        /// One command's run: the words that selected it (to tick it off the table), its line and its output.
        struct Run {
            var leaf: String
            var label: String
            var status: Int32
            var output: String
            var error: String
        }

        /// Known credentials, and the emulator pairs that accept them, with short-lived tokens.
        final class Fixture: @unchecked Sendable {
            static let from = ISOTimestamp(year: 2024, month: 1, day: 1)
            static let days = 2
            static var to: ISOTimestamp { from.adding(seconds: Int64(days) * 86_400) }

            let tag = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            lazy var sourceId = "src-client-\(tag)"
            lazy var destinationId = "dest-client-\(tag)"
            /// `+` and `/` so that the URL-encoded and base64 forms differ from the raw secret.
            lazy var sourceSecret = "SECRET-src+\(tag)/x"
            lazy var destinationSecret = "SECRET-dest+\(tag)/y"
            lazy var wrongSecret = "SECRET-wrong+\(tag)/z"
            let root: String
            var emulators: [Emulator] = []
            var runs: [Run] = []

            init() throws {
                root = try EndToEnd.MappingsCommandTests.temporaryFolder()
            }

            deinit {
                for emulator in emulators { emulator.shutdown() }
                try? FileManager.default.removeItem(atPath: root)
            }

            /// A new default pair with the known credentials and a 3 s token lifetime (a token is
            /// used for 80 % of it), so that every longer command fetches several.
            func startPair(records: Int = 200) throws -> Emulator {
                var knobs = OrgKnobs()
                knobs.jobLatencyMilliseconds = 20
                knobs.tokenLifetimeSeconds = 3
                var definitions = EmulatorSetup(seed: 7, records: records, days: Self.days, from: Self.from, knobs: knobs).defaultPair()
                definitions[0].clientId = sourceId
                definitions[0].clientSecret = sourceSecret
                definitions[1].clientId = destinationId
                definitions[1].clientSecret = destinationSecret
                let emulator = try Emulator(orgs: definitions)
                emulators.append(emulator)
                return emulator
            }

            var environment: [String: String] {
                var environment = ProcessInfo.processInfo.environment
                environment["SOURCE_CLIENT_ID"] = sourceId
                environment["SOURCE_CLIENT_SECRET"] = sourceSecret
                environment["DEST_CLIENT_ID"] = destinationId
                environment["DEST_CLIENT_SECRET"] = destinationSecret
                environment.removeValue(forKey: "INTERACTION_MIGRATE_TEST_PAUSE")
                return environment
            }

            /// Runs the binary, records the run, and returns it.
            @discardableResult
            func run(_ leaf: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Double = 300) throws -> Run {
                let result = try ToolProcess.run(arguments, environment: environment ?? self.environment, timeout: timeout)
                let run = Run(leaf: leaf, label: arguments.joined(separator: " "), status: result.status, output: result.output, error: result.error)
                runs.append(run)
                return run
            }

            /// Every issued token of every org of every pair.
            var tokens: [String] { emulators.flatMap { $0.orgs.flatMap { $0.issuedTokens() } } }

            /// The forms a secret or token can take on the wire: raw, base64, URL-encoded, and
            /// the base64 of `id:secret` (HTTP Basic auth).
            func forms(_ secret: String, id: String? = nil) -> [String] {
                var forms = [secret, Data(secret.utf8).base64EncodedString()]
                if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { forms.append(encoded) }
                if let id { forms.append(Data("\(id):\(secret)".utf8).base64EncodedString()) }
                return Array(Set(forms))
            }

            /// Prepares a named migration's mapping file on `emulator`: generated, then each open entry resolved.
            func prepareMapping(_ name: String, on emulator: Emulator) throws {
                let generate = try run("mappings generate", ["mappings", "generate", "--name", name, "--workspace", root,
                                                             "--source-api", emulator.endpoint("source")!.apiBase,
                                                             "--dest-api", emulator.endpoint("destination")!.apiBase])
                #expect(generate.status == 0 || generate.status == 3, "mappings generate: \(generate.status) \(generate.error)")
                let workspace = try MigrationWorkspace(root: root, name: name)
                let destination = emulator.orgs[1].content
                let mapping = try MappingFile.read(path: workspace.mappingFile).resolvingOpenEntries { kind in
                    switch kind {
                    case .queues: return destination.queues[0].id
                    case .flows: return destination.flows[0].id
                    case .wrapupCodes: return destination.wrapupCodes[0].id
                    }
                }
                try mapping.write(to: workspace.mappingFile)
            }
        }

        /// Every regular file below `folder`, recursively (none if it does not exist).
        static func files(under folder: String) -> [String] {
            guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
            var files: [String] = []
            while let relative = walker.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue {
                    files.append(folder + "/" + relative)
                }
            }
            return files.sorted()
        }

        /// Every folder below `folder`, recursively, and `folder` itself.
        static func folders(under folder: String) -> [String] {
            guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
            var folders = [folder]
            while let relative = walker.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder), isFolder.boolValue {
                    folders.append(folder + "/" + relative)
                }
            }
            return folders.sorted()
        }

        /// The permission bits of `path`, from `stat`.
        static func mode(_ path: String) -> UInt32? {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            return UInt32(status.st_mode) & 0o7777
        }

        /// A token of the emulator's shape (`UUID.UUID`) anywhere in `text`.
        static func containsTokenShape(_ text: String) -> Bool {
            let hex = "[0-9A-Fa-f]"
            let uuid = "\(hex){8}-\(hex){4}-\(hex){4}-\(hex){4}-\(hex){12}"
            return text.range(of: uuid + "\\." + uuid, options: .regularExpression) != nil
        }

        @Test("the leaf commands are the ones this suite runs")
        func leavesAreKnown() {
            let leaves = Set(Self.leafCommands())
            #expect(leaves.contains("orgs check") && leaves.contains("bench json") && leaves.contains("emulator"), "\(leaves.sorted())")
            #expect(leaves.isSubset(of: Self.coveredLeaves), "commands without a case in SecretHygieneTests: \(leaves.subtracting(Self.coveredLeaves).sorted())")
        }

        /// The leaves `everyCommandKeepsSecretsOut` runs; a new command of the table fails `leavesAreKnown` until it has a case.
        static let coveredLeaves: Set<String> = [
            "orgs check", "mappings generate", "mappings check", "export", "transform", "import", "run", "verify", "status",
            "demo", "emulator", "bench json", "bench emulator", "bench transform", "bench state", "bench export", "bench import", "bench all",
        ]

        @Test("every command, with known secrets and short-lived tokens: no secret or token in files or output; owner-only files")
        func everyCommandKeepsSecretsOut() throws {
            let fixture = try Fixture()
            let root = fixture.root
            let staged = try fixture.startPair()
            let source = staged.endpoint("source")!.apiBase
            let destination = staged.endpoint("destination")!.apiBase
            let range = ["--from", Fixture.from.description, "--to", Fixture.to.description]
            let named = ["--name", "staged", "--workspace", root]

            // The staged walkthrough, with --json where a command has it.
            #expect(try fixture.run("orgs check", ["orgs", "check", "--source-api", source, "--dest-api", destination]).status == 0)
            try fixture.prepareMapping("staged", on: staged)
            #expect(try fixture.run("mappings check", ["mappings", "check"] + named + ["--dest-api", destination]).status == 0)
            #expect(try fixture.run("export", ["export"] + named + range + ["--source-api", source, "--json"]).status == 0)
            #expect(try fixture.run("transform", ["transform"] + named + ["--dest-api", destination]).status == 0)
            #expect(try fixture.run("import", ["import"] + named + ["--dest-api", destination, "--dry-run", "--json"]).status == 0)
            #expect(try fixture.run("import", ["import"] + named + ["--dest-api", destination, "--chunk-size", "40"]).status == 0)
            #expect(try fixture.run("import", ["import"] + named + ["--dest-api", destination, "--chunk-size", "40", "--json"]).status == 0)
            #expect(try fixture.run("verify", ["verify"] + named + ["--dest-api", destination]).status == 0)
            #expect(try fixture.run("verify", ["verify"] + named + ["--dest-api", destination, "--json"]).status == 0)
            #expect(try fixture.run("status", ["status"] + named).status == 0)
            #expect(try fixture.run("status", ["status"] + named + ["--json"]).status == 0)

            // `run` on a fresh pair (the staged pair's destination already holds the records).
            let piped = try fixture.startPair()
            let pipedSource = piped.endpoint("source")!.apiBase
            let pipedDestination = piped.endpoint("destination")!.apiBase
            try fixture.prepareMapping("piped", on: piped)
            let runLine = ["run", "--name", "piped", "--workspace", root, "--source-api", pipedSource, "--dest-api", pipedDestination] + range
            #expect(try fixture.run("run", runLine + ["--dry-run", "--json"]).status == 0)
            #expect(try fixture.run("run", runLine + ["--yes"]).status == 0)
            #expect(try fixture.run("run", runLine + ["--yes", "--json"]).status == 0)

            // Failure paths: a refused secret, a gc profile, a broken profile line holding the secret.
            var wrong = fixture.environment
            wrong["DEST_CLIENT_SECRET"] = fixture.wrongSecret
            let refused = try fixture.run("orgs check", ["orgs", "check", "--source-api", source, "--dest-api", destination], environment: wrong)
            #expect(refused.status != 0 && !refused.error.isEmpty, "a refused secret: \(refused.status) \(refused.error)")
            var noVariables = fixture.environment
            for key in ["SOURCE_CLIENT_ID", "SOURCE_CLIENT_SECRET", "DEST_CLIENT_ID", "DEST_CLIENT_SECRET"] { noVariables.removeValue(forKey: key) }
            let gcConfig = root + "/gc-config.toml"
            let profiles = """
                [src]
                environment = "mypurecloud.com"
                client_credentials = "\(fixture.sourceId)"
                client_secret = "\(fixture.sourceSecret)"

                [dst]
                environment = "mypurecloud.ie"
                client_credentials = "\(fixture.destinationId)"
                client_secret = '\(fixture.destinationSecret)'

                [bad]
                environment = "mypurecloud.ie"
                client_credentials = "\(fixture.destinationId)"
                client_secret = '\(fixture.wrongSecret)'

                """
            try profiles.write(toFile: gcConfig, atomically: false, encoding: .utf8)
            _ = chmod(gcConfig, 0o600)
            let profileLine = ["orgs", "check", "--gc-config", gcConfig, "--source-profile", "src", "--source-api", source, "--dest-api", destination]
            #expect(try fixture.run("orgs check", profileLine + ["--dest-profile", "dst"], environment: noVariables).status == 0)
            let badProfile = try fixture.run("orgs check", profileLine + ["--dest-profile", "bad"], environment: noVariables)
            #expect(badProfile.status != 0, "a refused profile secret: \(badProfile.status)")
            #expect(try fixture.run("mappings check", ["mappings", "check"] + named + ["--gc-config", gcConfig, "--dest-profile", "dst",
                                                                                      "--dest-api", destination], environment: noVariables).status == 0)
            try profiles.replacingOccurrences(of: "client_secret = \"\(fixture.sourceSecret)\"", with: "client_secret = \"\(fixture.sourceSecret)")
                .write(toFile: gcConfig, atomically: false, encoding: .utf8)
            let broken = try fixture.run("orgs check", profileLine + ["--dest-profile", "dst"], environment: noVariables)
            #expect(broken.status != 0 && broken.error.contains(gcConfig), "a broken profile line: \(broken.status) \(broken.error)")
            try profiles.replacingOccurrences(of: "client_secret = \"\(fixture.sourceSecret)\"", with: "client_secret \(fixture.sourceSecret)")
                .write(toFile: gcConfig, atomically: false, encoding: .utf8)
            let noEquals = try fixture.run("orgs check", profileLine + ["--dest-profile", "dst"], environment: noVariables)
            #expect(noEquals.status != 0 && noEquals.error.contains(gcConfig), "a line without '=': \(noEquals.status) \(noEquals.error)")

            // The demo, kept; the emulator command; the benchmarks, tiny. Their orgs come from seeds:
            // the demo's and the benchmarks' from seed 1 (bench emulator: 5), so their secrets are known too.
            let kept = root + "/demo-kept"
            #expect(try fixture.run("demo", ["demo", "--records", "100", "--days", "1", "--keep", kept]).status == 0)
            let emulatorSeed: UInt64 = 11
            let emulatorTool = try ToolProcess(["emulator", "--port", "0", "--records", "100", "--seed", String(emulatorSeed)], environment: fixture.environment)
            let info = emulatorTool.firstLine(timeout: 60) ?? ""
            emulatorTool.process.interrupt()
            _ = emulatorTool.wait(timeout: 30)
            let emulatorError = emulatorTool.errorText
            let emulatorSecrets = [Emulator.credentials(seed: emulatorSeed &+ 1).clientSecret, Emulator.credentials(seed: emulatorSeed &+ 2).clientSecret]
            // By design the info line carries the emulator's own secrets, for rehearsals: this proves they are the ones searched for.
            #expect(emulatorSecrets.allSatisfy { info.contains($0) }, "the emulator's info line: \(info)")
            fixture.runs.append(Run(leaf: "emulator", label: "emulator (standard error only)", status: 0, output: "", error: emulatorError))
            let benchFolder = root + "/bench"
            try FileManager.default.createDirectory(atPath: benchFolder, withIntermediateDirectories: true)
            #expect(try fixture.run("bench json", ["bench", "json", "--records", "20"]).status == 0)
            #expect(try fixture.run("bench emulator", ["bench", "emulator", "--requests", "20", "--connections", "1", "--chunks", "1"]).status == 0)
            #expect(try fixture.run("bench transform", ["bench", "transform", "--records", "20", "--folder", benchFolder]).status == 0)
            #expect(try fixture.run("bench state", ["bench", "state", "--chunks", "100", "--folder", benchFolder]).status == 0)
            #expect(try fixture.run("bench export", ["bench", "export", "--records", "20", "--folder", benchFolder]).status == 0)
            #expect(try fixture.run("bench import", ["bench", "import", "--records", "20", "--folder", benchFolder]).status == 0)
            let benchAll = try fixture.run("bench all", ["bench", "all", "--quick", "--json", "--json-records", "20", "--transform-records", "20",
                                                         "--export-records", "20", "--import-records", "20", "--folder", benchFolder])
            #expect(benchAll.status == 0, "bench all: \(benchAll.status) \(benchAll.error)")

            // Every leaf of the table ran.
            let ran = Set(fixture.runs.map(\.leaf))
            #expect(Set(Self.leafCommands()).isSubset(of: ran), "leaves not run: \(Set(Self.leafCommands()).subtracting(ran).sorted())")

            // The search.
            let tokens = fixture.tokens
            #expect(tokens.count >= 10, "the orgs issued \(tokens.count) tokens; a short lifetime should have made more")
            var needles: [(what: String, form: String)] = []
            for (what, secret, id) in [("the source secret", fixture.sourceSecret, fixture.sourceId),
                                       ("the destination secret", fixture.destinationSecret, fixture.destinationId),
                                       ("the refused secret", fixture.wrongSecret, fixture.destinationId)] {
                needles += fixture.forms(secret, id: id).map { (what, $0) }
            }
            for token in tokens { needles += fixture.forms(token).map { ("a token", $0) } }
            var seededSecrets: [String] = []
            for seed: UInt64 in [2, 3, 6, 7] { seededSecrets += fixture.forms(Emulator.credentials(seed: seed).clientSecret) }
            for secret in seededSecrets { needles.append(("a demo or benchmark org's secret", secret)) }
            for secret in emulatorSecrets { needles += fixture.forms(secret).map { ("the emulator command's secret", $0) } }

            var haystacks: [(name: String, bytes: [UInt8])] = []
            for file in Self.files(under: root + "/state") + Self.files(under: root + "/mappings") + Self.files(under: kept) {
                haystacks.append((file, try FileContents.read(path: file)))
            }
            #expect(haystacks.count > 20, "only \(haystacks.count) files were searched")
            for run in fixture.runs {
                haystacks.append(("standard output of `\(run.label)`", Array(run.output.utf8)))
                haystacks.append(("standard error of `\(run.label)`", Array(run.error.utf8)))
                #expect(!Self.containsTokenShape(run.output + run.error), "a token-shaped string in the output of `\(run.label)`")
            }
            for haystack in haystacks {
                let text = String(decoding: haystack.bytes, as: UTF8.self)
                for needle in needles where text.contains(needle.form) {
                    Issue.record("\(needle.what) (\(needle.form)) in \(haystack.name)")
                }
            }

            // File modes: owner-only files in owner-only folders, for both migrations and the demo's.
            var checked = 0
            for stateRoot in [root + "/state", kept + "/state"] {
                for file in Self.files(under: stateRoot) {
                    checked += 1
                    let mode = Self.mode(file)
                    #expect(mode == 0o600, "\(file) has mode \(mode.map { String($0, radix: 8) } ?? "?"), expected 600")
                }
                for folder in Self.folders(under: stateRoot) {
                    let mode = Self.mode(folder)
                    #expect(mode == 0o700, "folder \(folder) has mode \(mode.map { String($0, radix: 8) } ?? "?"), expected 700")
                }
            }
            for file in Self.files(under: root + "/mappings") + Self.files(under: kept + "/mappings") {
                checked += 1
                let mode = Self.mode(file)
                #expect(mode == 0o600, "mapping file \(file) has mode \(mode.map { String($0, radix: 8) } ?? "?"), expected 600")
            }
            let workspace = try MigrationWorkspace(root: root, name: "staged")
            for path in [workspace.stateFile, workspace.stateBackupFile, workspace.journalFile] {
                #expect(FileManager.default.fileExists(atPath: path), "\(path) should exist after an import")
            }
            for folder in [workspace.exportFolder, workspace.transformedFolder, workspace.reportsFolder] {
                #expect(!Self.files(under: folder).isEmpty, "\(folder) should hold files")
            }
            #expect(checked > 20, "only \(checked) files had their mode checked")
        }
    }
}
