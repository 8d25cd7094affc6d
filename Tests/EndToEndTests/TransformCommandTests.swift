import Essentials
import Foundation
import MigrationKit
import Testing

@Suite("interaction-migrate transform")
struct TransformCommandTests {
    @Test("a named migration: windows transformed, state recorded, unchanged windows skipped, a changed mapping redone")
    func named() throws {
        let root = try MappingsCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/state/acme/export", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/mappings", withIntermediateDirectories: true)
        let first = try SyntheticExport.write(records: 400, to: root + "/state/acme/export/2024-01-15.jsonl", seed: 1)
        _ = try SyntheticExport.write(records: 300, to: root + "/state/acme/export/2024-01-16.jsonl", seed: 1)
        try first.mapping.write(to: root + "/mappings/acme.json")
        let fields = root + "/fields.json"
        try Data(#"["type","direction","state","startTime","endTime","durationSeconds","routing","wrapupCode","participants","transfers","attributes","externalId"]"#.utf8)
            .write(to: URL(fileURLWithPath: fields))
        let command = ["transform", "--name", "acme", "--workspace", root, "--dest-schema-fields", fields]
        let run = try ToolProcess.run(command)
        #expect(run.status == 0, "\(run.output)\(run.error)")
        #expect(run.output.contains("2024-01-15: 400 in, 400 out"))
        #expect(run.output.contains("2024-01-16: 300 in, 300 out"))
        let out = try Data(contentsOf: URL(fileURLWithPath: root + "/state/acme/transformed/2024-01-15.jsonl"))
        #expect(out.split(separator: 0x0A).count == 400)
        let state = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: root + "/state/acme.json"))))
        let window = try #require(state["transform"]?["windows"]?["2024-01-15"])
        #expect(window["counts"]?["out"] == .int(400))
        #expect(window["outputSHA256"]?.stringValue == (try SHA256.hashFile(atPath: root + "/state/acme/transformed/2024-01-15.jsonl").hex))
        #expect(window["fingerprint"]?["inputSHA256"]?.stringValue?.count == 64)

        let again = try ToolProcess.run(command)
        #expect(again.status == 0)
        #expect(again.output.contains("2024-01-15: unchanged since the last transform, skipped"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/state/acme/transformed/2024-01-15.jsonl")) == out)

        // Exclude one queue in the mapping: both windows are redone, and fail on it.
        var mapping = try MappingFile.read(path: root + "/mappings/acme.json")
        var queues = mapping.queues
        queues[0].match = .excluded
        queues[0].destinationId = nil
        queues[0].destinationName = nil
        mapping.queues = queues
        try mapping.write(to: root + "/mappings/acme.json")
        let blocked = try ToolProcess.run(command)
        #expect(blocked.status == 3)
        #expect(blocked.output.contains(queues[0].sourceId))
        #expect(FileManager.default.fileExists(atPath: root + "/state/acme/reports/transform.unmapped.json"))
        #expect(!FileManager.default.fileExists(atPath: root + "/state/acme/transformed/2024-01-15.jsonl"))
    }

    @Test("standalone on files, and bad input named with a usage or data error")
    func standalone() throws {
        let root = try MappingsCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let generated = try SyntheticExport.write(records: 200, to: root + "/in.jsonl", seed: 3)
        try generated.mapping.write(to: root + "/map.json")
        let base = ["transform", "--in", root + "/in.jsonl", "--out", root + "/out.jsonl", "--mapping", root + "/map.json", "--source-org-id", generated.sourceOrgId]
        let ok = try ToolProcess.run(base)
        #expect(ok.status == 0, "\(ok.error)")
        let records = try Data(contentsOf: URL(fileURLWithPath: root + "/out.jsonl")).split(separator: 0x0A)
        #expect(records.count == 200)
        #expect(try JSONParser.parse(Array(records[0]))["externalId"]?.stringValue?.hasPrefix(generated.sourceOrgId + ":") == true)
        let mode = try ToolProcess.run(base + ["--on-unmapped", "ignore"])
        #expect(mode.status == 64)
        #expect(mode.error.contains("--on-unmapped"))
        let missing = try ToolProcess.run(["transform", "--in", root + "/nope.jsonl", "--out", root + "/o.jsonl", "--mapping", root + "/map.json", "--source-org-id", "x"])
        #expect(missing.status != 0)
        #expect(missing.error.contains("nope.jsonl"))
        let fallback = try ToolProcess.run(base + ["--fallback-wrapup-code", "No Such Code"])
        #expect(fallback.status != 0)
        #expect(fallback.error.contains("No Such Code"))
    }
}
