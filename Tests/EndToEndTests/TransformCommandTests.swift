import Essentials
import Foundation
import MigrationKit
import Testing

extension EndToEnd {
    @Suite("interaction-migrate transform")
    struct TransformCommandTests {
        /// A workspace with the emulator's records in two daily windows, a complete mapping file, and
        /// a fields file that knows every field the records use.
        static func workspace(records: Int = 300) throws -> (root: String, written: EmulatorWindows.Written, fields: String) {
            let root = try MappingsCommandTests.temporaryFolder()
            let written = try EmulatorWindows.write(root: root, name: "acme", records: records)
            let fields = root + "/fields.json"
            try AtomicFileWriter.write(try JSONWriter.compact(.array(written.fields.sorted().map(JSONValue.string))), to: fields)
            return (root, written, fields)
        }

        static func state(_ root: String) throws -> JSONValue {
            try JSONParser.parse(try FileContents.read(path: root + "/state/acme.json"))
        }

        @Test("a named migration: windows transformed, state recorded, unchanged windows skipped, a changed mapping redone")
        func named() throws {
            let (root, written, fields) = try Self.workspace()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let days = written.windows.keys.sorted()
            #expect(days == ["2024-01-15", "2024-01-16"])
            let command = ["transform", "--name", "acme", "--workspace", root, "--dest-schema-fields", fields]
            let run = try ToolProcess.run(command)
            #expect(run.status == 0, "\(run.output)\(run.error)")
            for day in days { #expect(run.output.contains("\(day): \(written.windows[day]!) in, \(written.windows[day]!) out"), "\(run.output)") }
            let out = try FileContents.read(path: root + "/state/acme/transformed/2024-01-15.jsonl")
            #expect(out.split(separator: 0x0A).count == written.windows["2024-01-15"])
            let window = try #require(try Self.state(root)["transform"]?["windows"]?["2024-01-15"])
            #expect(window["counts"]?["out"] == .int(Int64(written.windows["2024-01-15"]!)))
            #expect(window["outputSHA256"]?.stringValue == (try SHA256.hashFile(atPath: root + "/state/acme/transformed/2024-01-15.jsonl").hex))
            #expect(window["fingerprint"]?["inputSHA256"]?.stringValue == (try SHA256.hashFile(atPath: root + "/state/acme/export/2024-01-15.jsonl").hex))
            #expect(window["fingerprint"]?["policy"] == "fail")

            let again = try ToolProcess.run(command)
            #expect(again.status == 0)
            #expect(again.output.contains("2024-01-15: unchanged since the last transform, skipped"))
            #expect(try FileContents.read(path: root + "/state/acme/transformed/2024-01-15.jsonl") == out)

            // Exclude one queue in the mapping that the records use: both windows are redone, and fail on it.
            var mapping = try MappingFile.read(path: root + "/mappings/acme.json")
            let used = try #require(JSONParser.parse(out.split(separator: 0x0A)[0])["routing"]?["queue"]?["id"]?.stringValue)
            var queues = mapping.queues
            let position = try #require(queues.firstIndex { $0.destinationId == used })
            queues[position].match = .excluded
            queues[position].destinationId = nil
            queues[position].destinationName = nil
            mapping.queues = queues
            try mapping.write(to: root + "/mappings/acme.json")
            let blocked = try ToolProcess.run(command)
            #expect(blocked.status == 3)
            #expect(blocked.output.contains(queues[position].sourceId))
            #expect(FileManager.default.fileExists(atPath: root + "/state/acme/reports/transform.unmapped.json"))
            #expect(!FileManager.default.fileExists(atPath: root + "/state/acme/transformed/2024-01-15.jsonl"))
        }

        @Test("dropped fields are reported only when some were dropped, and kept flat in the state")
        func droppedFields() throws {
            let (root, written, fields) = try Self.workspace(records: 120)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let none = try ToolProcess.run(["transform", "--name", "acme", "--workspace", root, "--dest-schema-fields", fields])
            #expect(none.status == 0, "\(none.error)")
            #expect(!none.output.contains("doesn't know"), "\(none.output)")
            let clean = try #require(try Self.state(root)["transform"]?["windows"]?["2024-01-15"]?["droppedFields"])
            #expect(clean == .object(JSONObject()))

            // A destination that doesn't know `attributes`, which most records have.
            #expect(written.fields.contains("attributes"))
            func withAttributes(_ day: String) throws -> Int {
                try FileContents.read(path: root + "/state/acme/export/\(day).jsonl").split(separator: 0x0A)
                    .filter { try JSONParser.parse($0)["attributes"] != nil }.count
            }
            let fewer = root + "/fewer.json"
            try AtomicFileWriter.write(try JSONWriter.compact(.array(written.fields.subtracting(["attributes"]).sorted().map(JSONValue.string))), to: fewer)
            let some = try ToolProcess.run(["transform", "--name", "acme", "--workspace", root, "--dest-schema-fields", fewer])
            #expect(some.status == 0, "\(some.error)")
            let total = try withAttributes("2024-01-15") + withAttributes("2024-01-16")
            #expect(some.output.contains("fields the destination schema doesn't know, dropped: attributes (\(total) records)"), "\(some.output)")
            let dropped = try #require(try Self.state(root)["transform"]?["windows"]?["2024-01-15"]?["droppedFields"])
            #expect(dropped == .object(JSONObject([("attributes", .int(Int64(try withAttributes("2024-01-15"))))])))
        }

        @Test("a window skipped as unchanged keeps its verdict: its rejects still exit 3, found earlier")
        func skippedWindowKeepsVerdict() throws {
            let (root, written, fields) = try Self.workspace(records: 120)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let export = root + "/state/acme/export/2024-01-16.jsonl"
            try AtomicFileWriter.write(try FileContents.read(path: export) + Array("{\"id\": broken\n".utf8), to: export)
            let command = ["transform", "--name", "acme", "--workspace", root, "--dest-schema-fields", fields]
            let first = try ToolProcess.run(command)
            #expect(first.status == 3, "\(first.output)\(first.error)")
            #expect(first.output.contains("2024-01-16: \(written.windows["2024-01-16"]! + 1) in, \(written.windows["2024-01-16"]!) out, 1 invalid"))
            #expect(first.output.contains("1 records rejected; see"))
            let second = try ToolProcess.run(command)
            #expect(second.status == 3, "\(second.output)\(second.error)")
            #expect(second.output.contains("2024-01-16: unchanged since the last transform, skipped (1 records rejected then)"))
            #expect(second.output.contains("1 records rejected (1 of them found earlier, in windows skipped as unchanged)"))
        }

        @Test("standalone on files, and bad input named with its exact exit status")
        func standalone() throws {
            let (root, written, _) = try Self.workspace(records: 100)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let input = root + "/state/acme/export/2024-01-15.jsonl"
            let base = ["transform", "--in", input, "--out", root + "/out.jsonl", "--mapping", root + "/mappings/acme.json", "--source-org-id", written.sourceOrgId]
            let ok = try ToolProcess.run(base)
            #expect(ok.status == 0, "\(ok.error)")
            let records = try FileContents.read(path: root + "/out.jsonl").split(separator: 0x0A)
            #expect(records.count == written.windows["2024-01-15"])
            #expect(try JSONParser.parse(Array(records[0]))["externalId"]?.stringValue?.hasPrefix(written.sourceOrgId + ":") == true)
            let mode = try ToolProcess.run(base + ["--on-unmapped", "ignore"])
            #expect(mode.status == 64)
            #expect(mode.error.contains("--on-unmapped"))
            let missing = try ToolProcess.run(["transform", "--in", root + "/nope.jsonl", "--out", root + "/o.jsonl", "--mapping", root + "/mappings/acme.json", "--source-org-id", "x"])
            #expect(missing.status == 66)
            #expect(missing.error.contains("nope.jsonl"))
            let fallback = try ToolProcess.run(base + ["--fallback-wrapup-code", "No Such Code"])
            #expect(fallback.status == 65)
            #expect(fallback.error.contains("No Such Code"))
        }

        @Test("a second transform of the same migration is refused while the first holds the lock")
        func lockedMigration() throws {
            let (root, _, fields) = try Self.workspace(records: 50)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let holder = try LockHolder(root + "/state/acme.lock")
            let run = try ToolProcess.run(["transform", "--name", "acme", "--workspace", root, "--dest-schema-fields", fields])
            #expect(run.status == 75, "\(run.output)\(run.error)")
            #expect(run.error.contains("process \(holder.pid)"), "\(run.error)")
            #expect(run.error.contains("acme.lock"))
            #expect(!FileManager.default.fileExists(atPath: root + "/state/acme/transformed/2024-01-15.jsonl"))
        }
    }
}
