import Essentials
import Foundation
import Testing

@testable import MigrationKit

/// The fast path against the general path: wherever the rewriter does not give up, its record
/// must be byte for byte the canonical form of what ``RecordTransformer`` makes, with the same
/// sort key and dropped fields; and where the general path does not transform a record, the
/// rewriter must give up.
@Suite("Record rewriter (the transform's fast path)")
struct RecordRewriterTests {
    typealias F = TransformFixtures

    enum Path: Equatable {
        case fast
        case general
    }

    /// Runs both paths on `line` and checks that they agree; returns which path the record took.
    @discardableResult
    static func check(_ line: [UInt8], rules: TransformRules, sourceLocation: SourceLocation = #_sourceLocation) throws -> Path {
        var rewriter = RecordRewriter(transformer: RecordTransformer(rules: rules))
        var output: [UInt8] = [7, 7, 7]  // Something before: the rewriter appends, and restores it when it gives up.
        let fast = line.withUnsafeBytes { rewriter.rewrite($0, into: &output) }

        var parser = JSONParser()
        parser.skippedTopLevelKeys = RecordTransformer.droppedWhileReading
        let general: RecordOutcome
        do {
            general = RecordTransformer(rules: rules).transform(try line.withUnsafeBytes { try parser.parse($0) })
        } catch {
            #expect(fast == nil, "the fast path took a line the parser refuses: \(error)", sourceLocation: sourceLocation)
            #expect(output == [7, 7, 7], sourceLocation: sourceLocation)
            return .general
        }
        guard let fast else {
            #expect(output == [7, 7, 7], sourceLocation: sourceLocation)
            return .general
        }
        guard case .transformed(let record, let externalId, let dropped) = general else {
            Issue.record("the fast path transformed a record the general path does not: \(general)", sourceLocation: sourceLocation)
            return .fast
        }
        #expect(Array(output[fast.line]) == (try JSONWriter.canonical(record)), sourceLocation: sourceLocation)
        #expect(Array(output[fast.sortKey]) == Array(externalId.utf8.dropFirst(rules.sourceOrgId.utf8.count + 1)), sourceLocation: sourceLocation)
        #expect(fast.droppedFields == dropped, sourceLocation: sourceLocation)
        #expect(output.prefix(3) == [7, 7, 7], sourceLocation: sourceLocation)
        return .fast
    }

    static func compact(_ value: JSONValue) throws -> [UInt8] {
        try JSONWriter.compact(value)
    }

    /// The fixture record without its non-ASCII attribute key, which sends a record to the
    /// general path.
    static func plainRecord(id: String = "r1", _ changes: (inout JSONValue) -> Void = { _ in }) -> JSONValue {
        F.record(id: id) { record in
            F.set(["crmCaseId": "500-1234", "note": "naïve"], at: ["attributes"], in: &record)
            changes(&record)
        }
    }

    @Test("generated exports take the fast path and match the general path byte for byte",
          arguments: [false, true])
    func generatedExports(withSchema: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rr-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let generated = try EmulatorExport.write(records: 2_000, to: folder + "/in.jsonl", seed: 9)
        // With a schema, two fields the records use are unknown to the destination.
        let fields = withSchema ? generated.fields.subtracting(["sentiment", "direction"]) : nil
        let rules = TransformRules(sourceOrgId: generated.sourceOrgId, mapping: generated.mapping, destinationFields: fields)
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/in.jsonl"))
        var fast = 0, general = 0
        for line in data.split(separator: 0x0A) {
            switch try Self.check(Array(line), rules: rules) {
            case .fast: fast += 1
            case .general: general += 1
            }
        }
        // Only the records with unmapped references (the default pair's ambiguous queue and the
        // entities missing in the destination) need the general path.
        let files = WindowTransform.Files(input: folder + "/in.jsonl", output: folder + "/out.jsonl",
                                          rejects: folder + "/rejects.jsonl", temporaryFolder: folder)
        let unmapped = try WindowTransform(rules: rules, policy: .skipRecord).run(files).unmappedRecords
        #expect(fast + general == 2_000)
        #expect(unmapped > 0)
        #expect(general == unmapped)
    }

    @Test("the fixture record: every reference path, names, removals, and a schema that drops fields")
    func fixtureRecord() throws {
        #expect(try Self.check(Self.compact(Self.plainRecord()), rules: F.rules()) == .fast)
        #expect(try Self.check(Self.compact(F.record()), rules: F.rules()) == .fast)  // with its "é" key
        #expect(try Self.check(Self.compact(Self.plainRecord()), rules: F.rules(destinationFields: ["type", "state", "startTime", "routing", "attributes"])) == .fast)
        // Spacing and line breaks anywhere are not part of the canonical form.
        let pretty = try JSONWriter.pretty(Self.plainRecord(), sortedKeys: false)
        #expect(try Self.check(pretty, rules: F.rules()) == .fast)
    }

    @Test("cases the fast path handles itself", arguments: [
        ("null references", #"{"id":"a","type":"voice","state":"s","startTime":"t","routing":{"queue":{"id":null,"name":"x"}},"wrapupCode":{"id":null}}"#),
        ("null in every optional field", #"{"id":"a","type":"voice","state":"s","startTime":"t","direction":null,"endTime":null,"durationSeconds":null,"routing":null,"wrapupCode":null,"participants":null,"transfers":null,"attributes":null}"#),
        ("null queue, flow and participant wrap-up", #"{"id":"a","type":"voice","state":"s","startTime":"t","routing":{"queue":null,"flow":null,"skills":[1,{}]},"participants":[{"wrapup":null,"x":[1,"a"]}]}"#),
        ("dropped fields of any type", #"{"id":"a","type":"voice","state":"s","startTime":"t","selfUri":1,"version":"3","createdDate":[],"lastUpdatedDate":{},"transcripts":"none","media":42}"#),
        ("numbers of every form", #"{"id":"a","type":"voice","state":"s","startTime":"t","n":[0,-0,1.0,1e2,-5,0.1,123456789012345,1234567890123456,9007199254740993,12345678901234567,12345678901234567890,1E-7,-1.5e+300]}"#),
        ("literals and empty containers", #"{"id":"a","type":"voice","state":"s","startTime":"t","x":[true,false,null,{},[]],"y":{}}"#),
        ("an id written with a needless escape", #"{"id":"\u0061b","type":"voice","state":"s","startTime":"t"}"#),
        ("an externalId already there", #"{"externalId":"old","id":"a","type":"voice","state":"s","startTime":"t"}"#),
        ("escapes in values, rewritten canonically", #"{"id":"a","type":"voice","state":"s","startTime":"t","note":"say \"hi\" \/ \\ \n\t\b\f\r \u00e9 \u001F \u007f \ud83d\ude00","routing":{"queue":{"id":"q\u0031","name":"x"}}}"#),
        ("keys below U+E000 sorted with ASCII ones", #"{"id":"a","type":"voice","state":"s","startTime":"t","é":1,"e\#u{301}":2,"日本":3,"z":4,"Z":5,"ÿ":6}"#),
        ("non-ASCII text in values", #"{"id":"a","type":"voice","state":"s","startTime":"t","name":"Zoë Müller 日本 😀"}"#),
        ("skipped members with escapes, nesting and numbers", #"{"transcripts":[{"text":"say \"hi\"\n\u00e9\ud83d\ude00","n":[1.5e3,true]}],"media":{},"id":"a","type":"voice","state":"s","startTime":"t"}"#),
        ("a name beside an id is replaced only when present", #"{"id":"a","type":"voice","state":"s","startTime":"t","routing":{"queue":{"id":"q1"},"flow":{"id":"f1","name":"old"}}}"#),
        ("keys that sort around externalId", #"{"id":"a","type":"voice","state":"s","startTime":"t","externalIc":1,"externalIe":2,"exte":3,"externalIdX":4}"#),
    ])
    func handled(_ name: String, _ text: String) throws {
        #expect(try Self.check(Array(text.utf8), rules: F.rules()) == .fast, "\(name)")
    }

    @Test("cases the fast path gives up on, which the general path decides", arguments: [
        ("an id whose canonical form has an escape", #"{"id":"a\"b","type":"voice","state":"s","startTime":"t"}"#),
        ("an escape in a key", #"{"id":"a","type":"voice","state":"s","startTime":"t","n\u006fte":1}"#),
        ("a lone surrogate escape", #"{"id":"a","type":"voice","state":"s","startTime":"t","note":"\ud800"}"#),
        ("an invalid escape", #"{"id":"a","type":"voice","state":"s","startTime":"t","note":"\x41"}"#),
        ("a key with a character from U+E000 up", #"{"id":"a","type":"voice","state":"s","startTime":"t","\#u{FF5E}":1}"#),
        ("a key with a supplementary character", #"{"id":"a","type":"voice","state":"s","startTime":"t","😀":1,"\#u{FF5E}":2}"#),
        ("a repeated key", #"{"id":"a","type":"voice","state":"s","startTime":"t","type":"chat"}"#),
        ("not JSON", #"{"id":"a","type":"voice""#),
        ("trailing text", #"{"id":"a","type":"voice","state":"s","startTime":"t"} x"#),
        ("not an object", #"["id","a"]"#),
        ("no startTime", #"{"id":"a","type":"voice","state":"s"}"#),
        ("an id that is not a string", #"{"id":7,"type":"voice","state":"s","startTime":"t"}"#),
        ("references in the wrong kind of container", #"{"id":"a","type":"voice","state":"s","startTime":"t","routing":"q1","participants":[1,"q2",null,[{"queueId":"q9"}]],"transfers":{"fromQueueId":"q9"}}"#),
        ("a direction that is a number", #"{"id":"a","type":"voice","state":"s","startTime":"t","direction":1}"#),
        ("an endTime that is an object", #"{"id":"a","type":"voice","state":"s","startTime":"t","endTime":{}}"#),
        ("a durationSeconds that is a string", #"{"id":"a","type":"voice","state":"s","startTime":"t","durationSeconds":"300"}"#),
        ("a routing that is an array", #"{"id":"a","type":"voice","state":"s","startTime":"t","routing":[]}"#),
        ("a routing queue that is a string", #"{"id":"a","type":"voice","state":"s","startTime":"t","routing":{"queue":"q1"}}"#),
        ("a routing flow that is a Boolean", #"{"id":"a","type":"voice","state":"s","startTime":"t","routing":{"flow":true}}"#),
        ("a wrap-up code that is a string", #"{"id":"a","type":"voice","state":"s","startTime":"t","wrapupCode":"w1"}"#),
        ("participants that are an object", #"{"id":"a","type":"voice","state":"s","startTime":"t","participants":{}}"#),
        ("a participant that is a string", #"{"id":"a","type":"voice","state":"s","startTime":"t","participants":[{},"q2"]}"#),
        ("a participant's wrap-up that is an array", #"{"id":"a","type":"voice","state":"s","startTime":"t","participants":[{"wrapup":["w1"]}]}"#),
        ("a transfer that is null", #"{"id":"a","type":"voice","state":"s","startTime":"t","transfers":[null]}"#),
        ("attributes that are an array", #"{"id":"a","type":"voice","state":"s","startTime":"t","attributes":["x"]}"#),
        ("an attribute that is a number", #"{"id":"a","type":"voice","state":"s","startTime":"t","attributes":{"a":"b","n":5}}"#),
        ("a reference that is not a string", #"{"id":"a","type":"voice","state":"s","startTime":"t","participants":[{"queueId":5}]}"#),
        ("an unmapped queue", #"{"id":"a","type":"voice","state":"s","startTime":"t","routing":{"queue":{"id":"qx","name":"Old"}}}"#),
        ("an unknown wrap-up code", #"{"id":"a","type":"voice","state":"s","startTime":"t","wrapupCode":{"id":"nope"}}"#),
        ("a broken skipped member", #"{"transcripts":[{"text":"\q"}],"id":"a","type":"voice","state":"s","startTime":"t"}"#),
        ("a control character in a string", "{\"id\":\"a\",\"type\":\"voice\",\"state\":\"s\",\"startTime\":\"t\",\"x\":\"a\u{01}b\"}"),
        ("a leading zero", #"{"id":"a","type":"voice","state":"s","startTime":"t","n":01}"#),
        ("a number too large for a double", #"{"id":"a","type":"voice","state":"s","startTime":"t","n":1e400}"#),
        ("an externalId over 256 characters", #"{"id":""# + String(repeating: "x", count: 260) + #"","type":"voice","state":"s","startTime":"t"}"#),
    ])
    func givesUp(_ name: String, _ text: String) throws {
        #expect(try Self.check(Array(text.utf8), rules: F.rules()) == .general, "\(name)")
    }

    @Test("invalid UTF-8 in a value and nesting deeper than 64 go to the general path")
    func invalidBytesAndDepth() throws {
        var bad = Array(#"{"id":"a","type":"voice","state":"s","startTime":"t","x":"#.utf8)
        bad += [0x22, 0xC3, 0x28, 0x22, 0x7D]  // "\xC3(" then }
        #expect(try Self.check(bad, rules: F.rules()) == .general)
        let deep = #"{"id":"a","type":"voice","state":"s","startTime":"t","x":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"
        #expect(try Self.check(Array(deep.utf8), rules: F.rules()) == .general)
    }

    @Test("unmapped wrap-up codes go to the fallback code on the fast path")
    func fallbackWrapupCode() throws {
        let rules = F.rules(fallback: (id: "WF", name: "Other EU"))
        let text = #"{"id":"a","type":"voice","state":"s","startTime":"t","wrapupCode":{"id":"wx","name":"Spam"},"participants":[{"wrapup":{"codeId":"nope"}}]}"#
        #expect(try Self.check(Array(text.utf8), rules: rules) == .fast)
        // A queue has no fallback.
        let queue = #"{"id":"a","type":"voice","state":"s","startTime":"t","participants":[{"queueId":"nope"}]}"#
        #expect(try Self.check(Array(queue.utf8), rules: rules) == .general)
    }
}
