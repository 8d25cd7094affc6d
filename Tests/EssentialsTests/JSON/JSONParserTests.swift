import Essentials
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("values of every kind, with object order kept")
    func kinds() throws {
        let value = try JSONParser.parse(#" {"b": [1, -2.5, true, false, null], "a": "x\u00e9\n", "c": {}} "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "c"])
        #expect(value["b"] == .array([.int(1), .double(-2.5), .bool(true), .bool(false), .null]))
        #expect(value["a"] == .string("xé\n"))
        #expect(value["c"] == .object(JSONObject()))
    }

    @Test("integers that fit in Int64 stay exact; larger ones become doubles")
    func integers() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(Int64.min))
        #expect(try JSONParser.parse("9007199254740993") == .int(9_007_199_254_740_993))
        guard case .double(let d) = try JSONParser.parse("9223372036854775808") else {
            Issue.record("a 20-digit integer should become a double")
            return
        }
        #expect(d == 9_223_372_036_854_775_808.0)
        #expect(try JSONParser.parse("1.5e3") == .double(1500))
        #expect(try JSONParser.parse("-0") == .int(0))
    }

    @Test("a number too large for a double is refused, with its offset")
    func hugeNumber() {
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse("[1, 1e400]") }
        #expect(error?.offset == 4)
        #expect(error?.reason.contains("too large") == true)
    }

    @Test("errors give the byte offset of the problem", arguments: [
        ("[1,]", 3, "expected a value"),
        ("{\"a\" 1}", 5, "expected ':'"),
        ("[1 2]", 3, "expected ',' or ']'"),
        ("{\"a\":1,}", 7, "expected a string key"),
        ("01", 0, "leading zero"),
        ("\"ab", 0, "unterminated string"),
        ("\"a\u{1}\"", 2, "control character"),
        ("[\"\\x\"]", 2, "invalid escape"),
        ("[\"\\ud800\"]", 2, "unpaired surrogate"),
        ("tru", 0, "inside 'true'"),
        ("[1] x", 4, "after the JSON value"),
        ("", 0, "empty"),
        ("  ", 2, "empty"),
    ])
    func errorOffsets(_ text: String, _ offset: Int, _ phrase: String) {
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        #expect(error?.offset == offset)
        #expect(error?.reason.contains(phrase) == true, "\(error?.reason ?? "") should mention \(phrase)")
    }

    @Test("invalid UTF-8 inside a string is refused")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        #expect(error?.reason.contains("UTF-8") == true)
    }

    @Test("escapes decode to the characters they name, surrogate pairs included")
    func escapes() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\tAé€😀"))
    }

    @Test("nesting up to the limit is fine; one level more is an error")
    func depthLimit() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        #expect(error?.offset == 512)
        let objects = String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(objects) }
    }

    @Test("a reused parser gives the same values and recovers after an error")
    func reuse() throws {
        var parser = JSONParser()
        let texts = [#"{"a":[1,{"b":2}],"c":"d"}"#, #"[{"x":1},{"y":[2,3]}]"#]
        for text in texts {
            let reused = try text.utf8CString.withUnsafeBytes { try parser.parse(UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
            #expect(reused == (try JSONParser.parse(text)))
        }
        let broken = Array(#"{"a":[1,{"b":2}"#.utf8)
        #expect(throws: JSONParseError.self) { try broken.withUnsafeBytes { try parser.parse($0) } }
        let after = try Array(texts[0].utf8).withUnsafeBytes { try parser.parse($0) }
        #expect(after == (try JSONParser.parse(texts[0])))
    }

    @Test("a repeated key keeps its last value at its first position")
    func duplicateKeys() throws {
        let object = try #require(try JSONParser.parse(#"{"a":1,"b":2,"a":3,"\u0062":4}"#).objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .int(3))
        #expect(object["b"] == .int(4))
    }

    @Test("errors on a JSON Lines line name the line")
    func lineNumbers() {
        let error = JSONParseError(offset: 7, reason: "unexpected ','").onLine(12)
        #expect(error.description == "invalid JSON on line 12 at byte 7 of the line: unexpected ','")
    }

    @Test("repeated keys are found in large objects too, wherever they repeat")
    func duplicateKeysInLargeObjects() throws {
        var pairs: [(String, Int)] = (0..<40).map { ("key\($0)", $0) }
        pairs += [("key3", 103), ("key39", 139), ("key0", 100), ("key3", 203)]
        let text = "{" + pairs.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        let object = try #require(try JSONParser.parse(text).objectValue)
        #expect(object.count == 40)
        #expect(object.keys == (0..<40).map { "key\($0)" })
        #expect(object["key3"] == .int(203))
        #expect(object["key39"] == .int(139))
        #expect(object["key0"] == .int(100))
        #expect(object["key1"] == .int(1))
    }
}

@Suite("JSON parser: skipped top-level keys")
struct JSONParserSkipTests {
    @Test("skipped top-level keys are checked but not built; nested keys of the same name are kept")
    func skippedKeys() throws {
        var parser = JSONParser()
        parser.skippedTopLevelKeys = ["media", "version"]
        let text = #"{"id":"a","media":[{"uri":"x\u00e9\n","n":[1,2.5,true,null,{}]}],"version":3,"routing":{"media":1,"version":2}}"#
        let value = try Array(text.utf8).withUnsafeBytes { try parser.parse($0) }
        #expect(value == ["id": "a", "routing": ["media": 1, "version": 2]])
        let broken = [#"{"media":[1,}"#, #"{"media":"\x"}"#, #"{"media":{"a" 1}}"#, "{\"media\":\"a\u{1}\"}", #"{"media":[tru]}"#, #"{"media":[1]"#]
        for text in broken {
            #expect(throws: JSONParseError.self, "\(text)") { try Array(text.utf8).withUnsafeBytes { try parser.parse($0) } }
        }
        let deep = "{\"media\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        let error = #expect(throws: JSONParseError.self) { try Array(deep.utf8).withUnsafeBytes { try parser.parse($0) } }
        #expect(error?.reason.contains("nesting") == true)
    }

    @Test("skipValue(in:from:depth:) moves past one value, checking it as a skipped member is checked")
    func skipValueAtOffset() throws {
        var parser = JSONParser(maximumDepth: 4)
        let text = Array(#"{"t": [{"a":"say \"hi\"\u00e9"}, 1.5e3, true] , "n":1}"#.utf8)
        let end = try text.withUnsafeBytes { try parser.skipValue(in: $0, from: 5, depth: 1) }
        #expect(Array(text[end...]) == Array(#" , "n":1}"#.utf8))
        // The value's own problems are reported with their offset in the whole text.
        let bad = Array(#"{"t": ["\q"]}"#.utf8)
        let error = #expect(throws: JSONParseError.self) { try bad.withUnsafeBytes { try parser.skipValue(in: $0, from: 5, depth: 1) } }
        #expect(error?.offset == 8)
        // `depth` counts against the maximum: two more levels fit under 2, three do not.
        let nested = Array("[[[]]]".utf8)
        #expect(try nested.withUnsafeBytes { try parser.skipValue(in: $0, from: 1, depth: 2) } == 5)
        #expect(throws: JSONParseError.self) { try nested.withUnsafeBytes { try parser.skipValue(in: $0, from: 0, depth: 2) } }
        // The parser is still good for a whole text afterwards.
        #expect(try text.withUnsafeBytes { try parser.parse($0) }["n"] == 1)
    }
}
