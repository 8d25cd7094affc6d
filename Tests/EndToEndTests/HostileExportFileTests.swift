import Essentials
import Foundation
import MigrationKit
import Testing

extension EndToEnd {
    /// Broken export files, made from real records. Two ways a broken file reaches the transform:
    /// - handed in (no export recorded it, as when files come from elsewhere): every broken line
    ///   goes to the rejects file with its line number and the reason, exit 3, every good record
    ///   carried over;
    /// - an export the tool verified, changed afterwards: the whole window is refused (exit 65)
    ///   before anything is written, and the export downloads it afresh.
    @Suite("hostile input: export files")
    struct HostileExportFileTests {
        /// How one window's export file is broken: the lines in (without line endings), the
        /// file's bytes out; the lines (1-based) that become invalid; a word the reject's reason
        /// must hold.
        struct Breakage: CustomStringConvertible, Sendable {
            var description: String
            /// The broken lines, given the window's count of lines.
            var brokenLines: @Sendable (Int) -> [Int]
            var reason: String
            var apply: @Sendable ([[UInt8]]) -> [UInt8]
        }

        /// The lines joined with line endings.
        static func joined(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0A] } }

        /// `lines` with line `number` (1-based) changed by `change`.
        static func changing(_ lines: [[UInt8]], line number: Int, _ change: (inout [UInt8]) -> Void) -> [[UInt8]] {
            var lines = lines
            change(&lines[number - 1])
            return lines
        }

        /// `lines` with one top-level field of line `number` set to `value` (JSON text).
        static func setting(_ field: String, to value: String, line number: Int = 1, in lines: [[UInt8]]) -> [[UInt8]] {
            changing(lines, line: number) { line in
                var object = (try? JSONParser.parse(line))?.objectValue ?? JSONObject()
                object[field] = try? JSONParser.parse(Array(value.utf8))
                line = (try? JSONWriter.compact(.object(object))) ?? []
            }
        }

        static let breakages: [Breakage] = [
            Breakage(description: "truncated mid-line (the last line cut in half, no line ending)", brokenLines: { [$0] }, reason: "JSON") { lines in
                var bytes = joined(Array(lines.dropLast()))
                bytes += lines[lines.count - 1].prefix(lines[lines.count - 1].count / 2)
                return bytes
            },
            Breakage(description: "a bit flipped in the opening brace of line 2", brokenLines: { _ in [2] }, reason: "JSON") { lines in
                joined(changing(lines, line: 2) { $0[0] ^= 0x04 })
            },
            Breakage(description: "a bit flipped in a quote of line 7, and in a key of line 9", brokenLines: { _ in [7, 9] }, reason: "JSON") { lines in
                let seventh = changing(lines, line: 7) { line in line[line.firstIndex(of: UInt8(ascii: ":"))! - 1] ^= 0x01 }
                return joined(changing(seventh, line: 9) { line in line[2] ^= 0x80 })
            },
            Breakage(description: "invalid UTF-8 inside a string of line 3", brokenLines: { _ in [3] }, reason: "UTF-8") { lines in
                joined(changing(lines, line: 3) { line in
                    line.insert(contentsOf: [0xC3, 0x28, 0xFF], at: line.lastIndex(of: UInt8(ascii: "\""))!)
                })
            },
            Breakage(description: "deeply nested JSON (100,000 arrays) in line 4", brokenLines: { _ in [4] }, reason: "nest") { lines in
                joined(changing(lines, line: 4) { line in
                    line.removeLast()  // the closing brace
                    line += Array(",\"deep\":".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
                        + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000) + [UInt8(ascii: "}")]
                })
            },
            Breakage(description: "a line of NUL bytes", brokenLines: { _ in [5] }, reason: "JSON") { lines in
                joined(changing(lines, line: 5) { $0 = [UInt8](repeating: 0, count: 64) })
            },
            Breakage(description: "a JSON array instead of an object", brokenLines: { _ in [6] }, reason: "an array, not an object") { lines in
                joined(changing(lines, line: 6) { $0 = Array("[1,2,3]".utf8) })
            },
            Breakage(description: "a record cut short: no startTime", brokenLines: { _ in [8] }, reason: "no \"startTime\"") { lines in
                joined(changing(lines, line: 8) { line in
                    var object = (try? JSONParser.parse(line))?.objectValue ?? JSONObject()
                    object.removeValue(forKey: "startTime")
                    line = (try? JSONWriter.compact(.object(object))) ?? []
                })
            },
        ]

        /// Each field of §6 that reaches the destination given a value of a type §6 doesn't
        /// allow, and the reason the rejects file must give.
        static let wrongTypes: [(field: String, value: String, reason: String)] = [
            ("id", "12345", #"the record's "id" is a number, not a string"#),
            ("type", "7", #"the record's "type" is a number, not a string"#),
            ("state", "[]", #"the record's "state" is an array, not a string"#),
            ("startTime", "{}", #"the record's "startTime" is an object, not a string"#),
            ("direction", "true", #"the record's "direction" is a Boolean, not a string or null"#),
            ("endTime", "3.5", #"the record's "endTime" is a number, not a string or null"#),
            ("durationSeconds", "\"three hundred\"", #"the record's "durationSeconds" is a string, not a number or null"#),
            ("routing", "\"Billing\"", #"the record's "routing" is a string, not an object or null"#),
            ("wrapupCode", "17", #"the record's "wrapupCode" is a number, not an object or null"#),
            ("participants", "{}", #"the record's "participants" is an object, not an array or null"#),
            ("transfers", "\"none\"", #"the record's "transfers" is a string, not an array or null"#),
            ("attributes", "[1]", #"the record's "attributes" is an array, not an object or null"#),
        ]

        /// The fields the transform drops (system-managed, transcripts, media): a wrong type there
        /// never reaches the destination, so the record is carried over without the field.
        static let droppedFields: [(field: String, value: String)] = [
            ("selfUri", "1"), ("version", "\"3\""), ("createdDate", "false"), ("lastUpdatedDate", "[]"),
            ("transcripts", "42"), ("media", "\"x\""),
        ]

        /// What a transform of a broken handed-in window left.
        struct Outcome {
            var root: String
            var run: (status: Int32, output: String, error: String)
            var lines: Int
            var rejects: [JSONValue]
            var day: String
            var transformed: [[UInt8]]
        }

        /// A workspace with 120 generated records in two handed-in windows, the first broken by
        /// `apply`, transformed by the binary.
        static func transformBroken(_ apply: ([[UInt8]]) -> [UInt8]) throws -> Outcome {
            let (root, written, fields) = try TransformCommandTests.workspace(records: 120)
            let day = written.windows.keys.sorted()[0]
            let export = root + "/state/acme/export/\(day).jsonl"
            let lines = try FileContents.read(path: export).split(separator: 0x0A).map(Array.init)
            try AtomicFileWriter.write(apply(lines), to: export)
            let run = try ToolProcess.run(["transform", "--name", "acme", "--workspace", root, "--dest-schema-fields", fields], timeout: 180)
            let rejects = try (FileContents.readIfPresent(path: root + "/state/acme/rejects/\(day).jsonl") ?? [])
                .split(separator: 0x0A).map { try JSONParser.parse(Array($0)) }
            let transformed = (try FileContents.readIfPresent(path: root + "/state/acme/transformed/\(day).jsonl") ?? [])
                .split(separator: 0x0A).map(Array.init)
            return Outcome(root: root, run: run, lines: lines.count, rejects: rejects, day: day, transformed: transformed)
        }

        /// Every file under `folder` but lock files, relative, with its bytes.
        static func snapshot(_ folder: String) throws -> [String: [UInt8]] {
            var files: [String: [UInt8]] = [:]
            for case let path as String in FileManager.default.enumerator(atPath: folder)?.allObjects ?? [] {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue,
                      !path.hasSuffix(".lock") else { continue }  // the lock file holds its last holder's pid
                files[path] = try FileContents.read(path: folder + "/" + path)
            }
            return files
        }

        /// Nothing temporary left under state/, the state file still parses, and no stack trace.
        static func expectClean(_ run: (status: Int32, output: String, error: String), root: String,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(!run.error.contains("Fatal error") && !run.error.contains("Stack dump"), "\(run.error)", sourceLocation: sourceLocation)
            let left = try snapshot(root + "/state").keys.filter { $0.contains(".tmp") || $0.contains("/tmp/") || $0.contains("sort-") }
            #expect(left.isEmpty, "temporary files left: \(left)", sourceLocation: sourceLocation)
            _ = try JSONParser.parse(try FileContents.read(path: root + "/state/acme.json"))
        }

        /// Checks a transform that rejected `broken` (1-based line numbers) of a handed-in window.
        static func expectRejected(_ outcome: Outcome, lines broken: [Int], reason: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
            try expectClean(outcome.run, root: outcome.root, sourceLocation: sourceLocation)
            #expect(outcome.run.status == 3, "\(outcome.run.output)\(outcome.run.error)", sourceLocation: sourceLocation)
            #expect(outcome.run.output.contains("\(broken.count) records rejected; see"), "\(outcome.run.output)", sourceLocation: sourceLocation)
            #expect(outcome.run.output.contains("rejects"), "names where the rejects are: \(outcome.run.output)", sourceLocation: sourceLocation)
            #expect(outcome.rejects.compactMap { $0["line"]?.intValue }.map(Int.init) == broken, "\(outcome.rejects)", sourceLocation: sourceLocation)
            for reject in outcome.rejects {
                #expect(reject["file"]?.stringValue?.hasSuffix("export/\(outcome.day).jsonl") == true, "\(reject)", sourceLocation: sourceLocation)
                #expect(reject["reason"]?.stringValue?.contains(reason) == true, "\(reject)", sourceLocation: sourceLocation)
            }
            #expect(outcome.transformed.count == outcome.lines - broken.count, sourceLocation: sourceLocation)
            for line in outcome.transformed { _ = try JSONParser.parse(line) }
        }

        @Test("a broken line of a handed-in export is rejected with its file, line and reason; the rest carried over", arguments: breakages)
        func brokenLine(_ breakage: Breakage) throws {
            let outcome = try Self.transformBroken(breakage.apply)
            defer { try? FileManager.default.removeItem(atPath: outcome.root) }
            #expect(outcome.lines > 10)
            try Self.expectRejected(outcome, lines: breakage.brokenLines(outcome.lines), reason: breakage.reason)
        }

        @Test("a §6 field of the wrong type: the record is rejected with the field and the types allowed",
              arguments: wrongTypes.map(\.field))
        func wrongType(_ field: String) throws {
            let wrong = try #require(Self.wrongTypes.first { $0.field == field })
            let outcome = try Self.transformBroken { Self.joined(Self.setting(field, to: wrong.value, in: $0)) }
            defer { try? FileManager.default.removeItem(atPath: outcome.root) }
            try Self.expectRejected(outcome, lines: [1], reason: wrong.reason)
        }

        @Test("a dropped field of the wrong type: carried over without it (it never reaches the destination)",
              arguments: droppedFields.map(\.field))
        func droppedField(_ field: String) throws {
            let value = try #require(Self.droppedFields.first { $0.field == field }).value
            let outcome = try Self.transformBroken { Self.joined(Self.setting(field, to: value, in: $0)) }
            defer { try? FileManager.default.removeItem(atPath: outcome.root) }
            try Self.expectClean(outcome.run, root: outcome.root)
            #expect(outcome.run.status == 0, "\(outcome.run.output)\(outcome.run.error)")
            #expect(outcome.rejects.isEmpty)
            #expect(outcome.transformed.count == outcome.lines)
            for line in outcome.transformed { #expect(try JSONParser.parse(line)[field] == nil) }
        }

        @Test("a 100 MB single line in a handed-in file: refused (65) naming the file, the line and the fix; nothing written")
        func hugeLine() throws {
            let (root, written, fields) = try TransformCommandTests.workspace(records: 120)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let day = try #require(written.windows.keys.sorted().first)
            var lines = try FileContents.read(path: root + "/state/acme/export/\(day).jsonl").split(separator: 0x0A).map(Array.init)

            // Line 1 grows a 100 MB attribute, written straight to the file (never held whole).
            let input = root + "/handed-in.jsonl"
            #expect(FileManager.default.createFile(atPath: input, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: input))
            handle.write(Data(lines[0].dropLast() + Array(",\"blob\":\"".utf8)))
            let megabyte = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
            for _ in 0..<100 { handle.write(megabyte) }
            handle.write(Data("\"}\n".utf8))
            lines.removeFirst()
            handle.write(Data(Self.joined(lines)))
            handle.closeFile()
            let before = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
            let state = try Self.snapshot(root + "/state")

            let out = root + "/ready.jsonl"
            let run = try ToolProcess.run(["transform", "--in", input, "--out", out, "--mapping", root + "/mappings/acme.json",
                                           "--source-org-id", written.sourceOrgId, "--dest-schema-fields", fields], timeout: 300)
            #expect(run.status == 65, "\(run.output)\(run.error)")
            #expect(run.error.contains("error: line 1 of \(input) is longer than 64 MiB"), "\(run.error)")
            #expect(run.error.contains("split the record or check that the file is JSON Lines"), "the fix: \(run.error)")
            #expect(!run.error.contains("Fatal error") && !run.error.contains("Stack dump"))
            // Nothing half-written: no output, no rejects, nothing temporary, the state untouched.
            #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == before)
            #expect(try Self.snapshot(root + "/state") == state)
        }

        /// A staged migration (exported and transformed by the binary), its first window's
        /// verified export file changed by `change`.
        static func tamperedExport(_ change: (inout [UInt8]) -> Void) throws {
            let workspace = try ImportWorkspace(records: 90, days: 2)
            let window = try #require(workspace.workspace.exportedWindows().first)
            let export = workspace.workspace.exportFile(window: window)
            let transformed = try Self.snapshot(workspace.workspace.transformedFolder)
            let state = try FileContents.read(path: workspace.workspace.stateFile)
            var bytes = try FileContents.read(path: export)
            change(&bytes)
            try AtomicFileWriter.write(bytes, to: export)

            let run = try workspace.transform()
            #expect(run.status == 65, "\(run.output)\(run.error)")
            #expect(run.error.contains("error: \(export) (window \(window)) is not the file the export verified"), "\(run.error)")
            #expect(run.error.contains("nothing was transformed from it"), "\(run.error)")
            #expect(run.error.contains("Run 'interaction-migrate export --name acme' again"), "the fix: \(run.error)")
            #expect(!run.error.contains("Fatal error"))
            #expect(try FileContents.read(path: workspace.workspace.stateFile) == state, "the state file changed")
            #expect(try Self.snapshot(workspace.workspace.transformedFolder) == transformed, "a transformed file changed")

            // The fix, as the message says: the export notices and downloads the window again;
            // the transform then finds the same input it transformed before and skips it.
            let export2 = try ToolProcess.run(["export", "--name", "acme", "--workspace", workspace.root,
                                               "--from", ImportWorkspace.from.description, "--to", workspace.to.description,
                                               "--source-api", workspace.sourceAPI], environment: workspace.environment, timeout: 300)
            #expect(export2.status == 0, "\(export2.error)")
            #expect((export2.output + export2.error).contains("its file changed since it was exported; exporting it again"), "\(export2.output)\(export2.error)")
            let again = try workspace.transform()
            #expect(again.status == 0, "\(again.output)\(again.error)")
            #expect(again.output.contains("\(window): unchanged since the last transform, skipped"), "\(again.output)")
            #expect(try Self.snapshot(workspace.workspace.transformedFolder) == transformed)
        }

        @Test("a verified export changed by one bit: the window is refused (65) naming the file and the fix; export again mends it")
        func bitFlipInVerifiedExport() throws {
            try Self.tamperedExport { $0[$0.count / 2] ^= 0x01 }
        }

        @Test("a verified export cut short mid-line: refused the same way, nothing written, export again mends it")
        func truncatedVerifiedExport() throws {
            try Self.tamperedExport { $0.removeLast($0.count / 3) }
        }

        @Test("a transformed file changed before import: refused with exit 65 naming the file and the fix, nothing sent")
        func tamperedTransformedFile() throws {
            let workspace = try ImportWorkspace(records: 60, days: 1)
            let window = try #require(workspace.workspace.exportedWindows().first)
            let path = workspace.workspace.transformedFile(window: window)
            var bytes = try FileContents.read(path: path)
            bytes[bytes.count / 2] ^= 0x01
            try AtomicFileWriter.write(bytes, to: path)
            let state = try FileContents.read(path: workspace.workspace.stateFile)
            let run = try workspace.runImport()
            #expect(run.status == 65, "\(run.output)\(run.error)")
            #expect(run.error.contains("error: \(path) (window \(window)) is not the file the transform wrote"), "\(run.error)")
            #expect(run.error.contains("run the transform again"), "the fix: \(run.error)")
            #expect(workspace.destinationExternalIds().isEmpty, "records were sent")
            #expect(try FileContents.read(path: workspace.workspace.stateFile) == state, "the state file changed")
        }
    }
}
