import Foundation
import Testing

extension EndToEnd {
    /// Hostile options (issue 13): reversed, empty and future ranges, windows outside 1h to 31d,
    /// chunk sizes outside 1 to 1000, unknown regions, plain `http://` to a host that is not
    /// loopback, dates that aren't dates, a value missing at the end, an unknown option. Each
    /// command the option applies to must stop with exit 64, an error naming the option and the
    /// fix, nothing on standard output, no request to either org, and nothing written: neither
    /// in an empty workspace nor in one that holds a mapping file and a state file.
    @Suite("hostile input: options")
    struct HostileOptionTests {
        /// A command, with the good options that make the bad one the only thing wrong.
        enum Command: String, CaseIterable, Sendable, CustomTestStringConvertible {
            case export, run, runDryRun, importing, importDryRun, mappingsGenerate, verify, orgsCheck

            var words: [String] {
                switch self {
                case .export: return ["export"]
                case .run, .runDryRun: return ["run"]
                case .importing, .importDryRun: return ["import"]
                case .mappingsGenerate: return ["mappings", "generate"]
                case .verify: return ["verify"]
                case .orgsCheck: return ["orgs", "check"]
                }
            }

            /// The command as the tool's messages name it.
            var name: String { words.joined(separator: " ") }

            /// Whether it takes `--name` and `--workspace` (all but `orgs check`).
            var hasWorkspace: Bool { self != .orgsCheck }

            /// The good options, in order; `nil` for a flag. `$SOURCE` and `$DEST` are the API bases.
            var options: [(String, String?)] {
                let range: [(String, String?)] = [("--from", "2024-01-01"), ("--to", "2024-01-03")]
                switch self {
                case .export: return range + [("--source-api", "$SOURCE")]
                case .run: return range + [("--source-api", "$SOURCE"), ("--dest-api", "$DEST"), ("--yes", nil)]
                case .runDryRun: return range + [("--source-api", "$SOURCE"), ("--dest-api", "$DEST"), ("--dry-run", nil)]
                case .importing: return [("--dest-api", "$DEST"), ("--yes", nil)]
                case .importDryRun: return [("--dest-api", "$DEST"), ("--dry-run", nil)]
                case .mappingsGenerate, .orgsCheck: return [("--source-api", "$SOURCE"), ("--dest-api", "$DEST")]
                case .verify: return [("--dest-api", "$DEST")]
                }
            }

            /// The option whose value goes missing at the end of the command line, and its value's name.
            var lastOption: (option: String, valueName: String) {
                switch self {
                case .export, .run, .runDryRun: return ("--to", "TIME")
                case .importing, .importDryRun: return ("--chunk-size", "N")
                case .mappingsGenerate, .verify, .orgsCheck: return ("--dest-api", "URL")
                }
            }

            var testDescription: String { self == .runDryRun ? "run --dry-run" : self == .importDryRun ? "import --dry-run" : name }
        }

        /// One bad option: how it changes a command's good options and what the error must say.
        struct Bad: Sendable, CustomTestStringConvertible {
            let label: String
            /// Options set (replacing a good one of the same name, or added).
            var set: [(String, String)] = []
            /// Good options taken away.
            var removed: [String] = []
            /// Words added at the very end of the command line.
            var trailing: [String] = []
            /// The error's text, in order: what must appear, `$COMMAND` standing for the command's name.
            let message: [String]
            /// The commands it applies to.
            let commands: [Command]

            var testDescription: String { label }
        }

        static let ranged: [Command] = [.export, .run, .runDryRun]
        static let chunked: [Command] = [.importing, .importDryRun, .run, .runDryRun]
        static let sourced: [Command] = [.export, .run, .runDryRun, .importDryRun, .mappingsGenerate, .orgsCheck]
        static let destined: [Command] = [.run, .runDryRun, .importing, .importDryRun, .mappingsGenerate, .verify, .orgsCheck]
        static let regions = "use one of us-east-1, us-east-2, us-west-2"
        static let window = "is not a window length; give hours or days from 1h to 31d, such as 6h, 1d or 7d"

        static let bads: [Bad] = [
            Bad(label: "--from after --to", set: [("--from", "2024-01-05"), ("--to", "2024-01-01")],
                message: ["error: --to 2024-01-01T00:00:00.000Z is not after --from 2024-01-05T00:00:00.000Z",
                          "--from is inclusive and --to exclusive, so give a later --to"], commands: ranged),
            Bad(label: "--from equal to --to", set: [("--from", "2024-01-05"), ("--to", "2024-01-05")],
                message: ["error: --to 2024-01-05T00:00:00.000Z is not after --from 2024-01-05T00:00:00.000Z", "so give a later --to"],
                commands: ranged),
            Bad(label: "a range in the future", set: [("--from", "2030-01-01"), ("--to", "2030-01-05")],
                message: ["error: the window ending 2030-01-05T00:00:00.000Z ends less than 15 minutes before now",
                          "; give --to ", " or earlier"], commands: ranged),
            Bad(label: "--window 32d", set: [("--window", "32d")], message: ["error: --window '32d' " + window], commands: ranged),
            Bad(label: "--window 0d", set: [("--window", "0d")], message: ["error: --window '0d' " + window], commands: ranged),
            Bad(label: "--window abc", set: [("--window", "abc")], message: ["error: --window 'abc' " + window], commands: ranged),
            Bad(label: "--from 2026-13-45", set: [("--from", "2026-13-45")],
                message: ["error: --from '2026-13-45' is not a time; give a date (2024-03-04) or an ISO-8601 UTC time (2024-03-04T06:00:00Z)"],
                commands: ranged),
            Bad(label: "--chunk-size 0", set: [("--chunk-size", "0")],
                message: ["error: option '--chunk-size' of '$COMMAND' needs a whole number from 1 to 1000, got '0'", "see 'interaction-migrate $COMMAND --help'"],
                commands: chunked),
            Bad(label: "--chunk-size 1001", set: [("--chunk-size", "1001")],
                message: ["error: option '--chunk-size' of '$COMMAND' needs a whole number from 1 to 1000, got '1001'", "see 'interaction-migrate $COMMAND --help'"],
                commands: chunked),
            Bad(label: "--source-region mars-1", set: [("--source-region", "mars-1")], removed: ["--source-api"],
                message: ["error: --source-region 'mars-1' is neither a region nor a region's domain; " + regions, "for another host give --source-api URL"],
                commands: sourced),
            Bad(label: "--dest-region mars-1", set: [("--dest-region", "mars-1")], removed: ["--dest-api"],
                message: ["error: --dest-region 'mars-1' is neither a region nor a region's domain; " + regions, "for another host give --dest-api URL"],
                commands: destined),
            Bad(label: "--source-api http://example.com", set: [("--source-api", "http://example.com")],
                message: ["error: the --source-api URL 'http://example.com' uses plain http, which is allowed only for loopback hosts (127.0.0.1, localhost, [::1]); use https"],
                commands: sourced),
            Bad(label: "--dest-api http://example.com", set: [("--dest-api", "http://example.com")],
                message: ["error: the --dest-api URL 'http://example.com' uses plain http, which is allowed only for loopback hosts (127.0.0.1, localhost, [::1]); use https"],
                commands: destined),
            Bad(label: "an unknown option", trailing: ["--bogus"],
                message: ["error: unknown option '--bogus' for '$COMMAND'", "see 'interaction-migrate $COMMAND --help'"], commands: Command.allCases),
        ]

        /// Every bad option with every command it applies to, and a value missing at the end of each command line.
        static let cases: [(Bad, Command)] = bads.flatMap { bad in bad.commands.map { (bad, $0) } } + Command.allCases.map { command in
            let last = command.lastOption
            let bad = Bad(label: "no value for \(last.option) at the end", removed: [last.option], trailing: [last.option],
                          message: ["error: option '\(last.option)' of '$COMMAND' needs a value (\(last.valueName))", "see 'interaction-migrate $COMMAND --help'"],
                          commands: [command])
            return (bad, command)
        }

        /// A migration with a mapping file and a state file (20 records exported and transformed),
        /// and the emulator pair it came from: copied for each case, never changed itself. Made
        /// once for the whole suite.
        static let lived = Result { try ImportWorkspace(records: 20, days: 2) }

        /// The command line of `command` with `bad` applied, in `workspace`.
        static func arguments(_ command: Command, _ bad: Bad, workspace: String, lived: ImportWorkspace) -> [String] {
            var options = command.options.filter { option in !bad.removed.contains(option.0) && !bad.set.contains { $0.0 == option.0 } }
            options += bad.set.map { ($0.0, $0.1) }
            var words = command.words + (command.hasWorkspace ? ["--name", lived.name, "--workspace", workspace] : [])
            for (option, value) in options {
                words.append(option)
                if let value { words.append(value.replacingOccurrences(of: "$SOURCE", with: lived.sourceAPI).replacingOccurrences(of: "$DEST", with: lived.destinationAPI)) }
            }
            return words + bad.trailing
        }

        /// Every file and folder under `root`, by relative path, with the bytes of each file.
        static func snapshot(_ root: String) throws -> [String: Data?] {
            var entries: [String: Data?] = [:]
            for path in try FileManager.default.subpathsOfDirectory(atPath: root) {
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder)
                let bytes: Data? = isFolder.boolValue ? nil : try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))
                entries[path] = .some(bytes)
            }
            return entries
        }

        /// A fresh copy of the lived-in workspace.
        static func copy(of lived: ImportWorkspace) throws -> String {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("im-\(UUID().uuidString)").path
            try FileManager.default.copyItem(atPath: lived.root, toPath: path)
            return path
        }

        @Test("a bad option: exit 64 naming the option and the fix, no request, nothing written", arguments: cases)
        func badOption(_ bad: Bad, _ command: Command) throws {
            let lived = try Self.lived.get()
            let requestsBefore = lived.emulator.orgs.map { $0.requestTotal() }
            let empty = try MappingsCommandTests.temporaryFolder()
            let copy = try Self.copy(of: lived)
            defer {
                try? FileManager.default.removeItem(atPath: empty)
                try? FileManager.default.removeItem(atPath: copy)
            }
            let before = try Self.snapshot(copy)
            #expect(before["mappings/\(lived.name).json"] != nil && before["state/\(lived.name).json"] != nil)
            for workspace in [empty, copy] {
                let run = try ToolProcess.run(Self.arguments(command, bad, workspace: workspace, lived: lived), environment: lived.environment, timeout: 60)
                #expect(run.status == 64, "\(workspace == empty ? "empty" : "lived-in") workspace: \(run.status) \(run.error)")
                #expect(run.output.isEmpty, "\(run.output)")
                var rest = Substring(run.error)
                for part in bad.message.map({ $0.replacingOccurrences(of: "$COMMAND", with: command.name) }) {
                    guard let found = rest.range(of: part) else {
                        Issue.record("missing '\(part)' in: \(run.error)")
                        break
                    }
                    rest = rest[found.upperBound...]
                }
                #expect(run.error.hasPrefix("error: "), "\(run.error)")
                for crash in ["Fatal error", "Stack dump", "Backtrace", "Segmentation", "Illegal instruction"] {
                    #expect(!run.error.contains(crash), "\(run.error)")
                }
                for secret in [lived.environment["SOURCE_CLIENT_SECRET"]!, lived.environment["DEST_CLIENT_SECRET"]!] {
                    #expect(!run.error.contains(secret))
                }
            }
            let written = try Self.snapshot(empty).keys.sorted()
            #expect(written.isEmpty, "written in an empty workspace: \(written)")
            let after = try Self.snapshot(copy)
            #expect(after.keys.sorted() == before.keys.sorted(), "files added or removed: \(Set(after.keys).symmetricDifference(before.keys).sorted())")
            for (path, bytes) in before where after[path] != bytes {
                Issue.record("\(path) changed")
            }
            #expect(lived.emulator.orgs.map { $0.requestTotal() } == requestsBefore, "a usage error reached an org")
        }

        @Test("plain http to a loopback API base is accepted (what the emulator is reached by)")
        func loopbackAccepted() throws {
            let lived = try Self.lived.get()
            #expect(lived.sourceAPI.hasPrefix("http://127.0.0.1:") && lived.destinationAPI.hasPrefix("http://127.0.0.1:"))
            let requestsBefore = lived.emulator.orgs.map { $0.requestTotal() }
            let run = try ToolProcess.run(["orgs", "check", "--source-api", lived.sourceAPI, "--dest-api", lived.destinationAPI],
                                          environment: lived.environment, timeout: 60)
            #expect(run.status == 0, "\(run.error)")
            #expect(run.output.contains("source:") && run.output.contains("at \(lived.sourceAPI)"), "\(run.output)")
            #expect(run.output.contains("destination:") && run.output.contains("at \(lived.destinationAPI)"), "\(run.output)")
            // The counter the usage errors are checked with does move for a command that asks.
            let requestsAfter = lived.emulator.orgs.map { $0.requestTotal() }
            #expect(requestsAfter[0] > requestsBefore[0] && requestsAfter[1] > requestsBefore[1])
        }
    }
}
