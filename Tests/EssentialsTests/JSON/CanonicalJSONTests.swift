import Essentials
import Foundation
import Testing

/// RFC 8785's published vectors (copied from `shared/rfc8785`) and the edge cases of JSONTestSuite's
/// `test_transform`.
@Suite("Canonical JSON (RFC 8785)")
struct CanonicalJSONTests {
    struct NumberVector: Sendable, CustomTestStringConvertible {
        var hex: String
        var canonical: String
        var testDescription: String { "\(hex) → \(canonical)" }
    }

    static let vectors: JSONValue = {
        (try? JSONParser.parse(Fixtures.bytes("rfc8785/vectors.json"))) ?? .null
    }()

    static let numberVectors: [NumberVector] = (vectors["numbers"]?.arrayValue ?? []).compactMap {
        guard let hex = $0["ieee754Hex"]?.stringValue, let canonical = $0["canonical"]?.stringValue else { return nil }
        return NumberVector(hex: hex, canonical: canonical)
    }

    @Test("the RFC 8785 number vectors are all there")
    func numberVectorsLoaded() {
        #expect(Self.numberVectors.count == 24)
    }

    @Test("numbers are written in ECMAScript form", arguments: numberVectors)
    func numberVector(_ vector: NumberVector) throws {
        let bits = try #require(UInt64(vector.hex, radix: 16))
        let value = Double(bitPattern: bits)
        #expect(ECMAScriptNumber.format(value) == vector.canonical)
        #expect(String(decoding: try JSONWriter.canonical(.double(value)), as: UTF8.self) == vector.canonical)
        // The text must read back as the same double (negative zero reads back as zero).
        let parsed = try JSONParser.parse(vector.canonical).doubleValue
        #expect(parsed == value)
    }

    @Test("the worked examples come out byte for byte")
    func examples() throws {
        let examples = try #require(Self.vectors["examples"]?.arrayValue)
        #expect(!examples.isEmpty)
        for example in examples {
            let input = try #require(example["input"]?.stringValue)
            let expected = try #require(example["canonical"]?.stringValue)
            let canonical = try JSONWriter.canonical(try JSONParser.parse(input))
            #expect(String(decoding: canonical, as: UTF8.self) == expected)
            #expect(canonical == Array(expected.utf8))
        }
    }

    @Test("keys are sorted by UTF-16 code units, not by code points")
    func keyOrder() throws {
        let keyOrder = try #require(Self.vectors["keyOrder"])
        let input = try #require(keyOrder["input"]?.stringValue)
        let expected = try #require(keyOrder["sortedKeys"]?.arrayValue).compactMap(\.stringValue)
        #expect(expected.count == 7)
        let canonical = try JSONWriter.canonical(try JSONParser.parse(input))
        let reparsed = try #require(try JSONParser.parse(canonical).objectValue)
        #expect(reparsed.keys == expected)
    }

    @Test("UTF-16 order puts supplementary characters before U+E000 to U+FFFF")
    func utf16PrecedesSurrogateRange() {
        #expect(JSONWriter.utf16Precedes("\u{1F600}", "\u{FB33}"))
        #expect(!JSONWriter.utf16Precedes("\u{FB33}", "\u{1F600}"))
        #expect(JSONWriter.utf16Precedes("\u{20AC}", "\u{1F600}"))
        #expect(JSONWriter.utf16Precedes("a", "ab"))
        #expect(!JSONWriter.utf16Precedes("ab", "ab"))
        // The same pairs, compared by Swift's own UTF-16 view.
        for (a, b) in [("\u{1F600}", "\u{FB33}"), ("\u{E000}", "\u{10000}"), ("z", "\u{80}"), ("id", "iD")] {
            #expect(JSONWriter.utf16Precedes(a, b) == a.utf16.lexicographicallyPrecedes(b.utf16))
        }
    }

    @Test("control characters use short escapes or lower-case \\u00XX; the rest is raw UTF-8")
    func stringEscapes() throws {
        let value = JSONValue.string("\u{0}\u{8}\t\n\u{B}\u{C}\r\u{1F}\"\\/\u{7F}é€😀")
        let text = String(decoding: try JSONWriter.canonical(value), as: UTF8.self)
        #expect(text == "\"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\\\"\\\\/\u{7F}é€😀\"")
    }

    @Test("integers beyond ±2^53 are written as the double they are, in canonical form only")
    func largeIntegers() throws {
        let big = try JSONParser.parse(Fixtures.bytes("jsontestsuite/test_transform/number_9223372036854775807.json"))
        #expect(big == .array([.int(9_223_372_036_854_775_807)]))
        #expect(String(decoding: try JSONWriter.canonical(big), as: UTF8.self) == "[9223372036854776000]")
        #expect(String(decoding: try JSONWriter.compact(big), as: UTF8.self) == "[9223372036854775807]")
        let small = try JSONParser.parse(Fixtures.bytes("jsontestsuite/test_transform/number_-9223372036854775808.json"))
        #expect(small == .array([.int(Int64.min)]))
        #expect(String(decoding: try JSONWriter.canonical(.int(9_007_199_254_740_992)), as: UTF8.self) == "9007199254740992")
    }

    @Test("JSONTestSuite's number edge cases", arguments: [
        ("number_1.0.json", "[1]"),
        ("number_1.000000000000000005.json", "[1]"),
        ("number_1000000000000000.json", "[1000000000000000]"),
        ("number_10000000000000000999.json", "[10000000000000000000]"),
        ("number_1e-999.json", "[0]"),
        ("number_1e6.json", "[1000000]"),
        ("number_9223372036854775808.json", "[9223372036854776000]"),
        ("number_-9223372036854775809.json", "[-9223372036854776000]"),
    ])
    func numberTransforms(_ file: String, _ expected: String) throws {
        let value = try JSONParser.parse(Fixtures.bytes("jsontestsuite/test_transform/\(file)"))
        #expect(String(decoding: try JSONWriter.canonical(value), as: UTF8.self) == expected)
    }

    @Test("a repeated key keeps its last value", arguments: [
        ("object_same_key_different_values.json", #"{"a":2}"#),
        ("object_same_key_same_value.json", #"{"a":1}"#),
        ("object_same_key_unclear_values.json", #"{"a":0}"#),
    ])
    func duplicateKeys(_ file: String, _ expected: String) throws {
        let value = try JSONParser.parse(Fixtures.bytes("jsontestsuite/test_transform/\(file)"))
        #expect(String(decoding: try JSONWriter.canonical(value), as: UTF8.self) == expected)
    }

    @Test("NFC and NFD keys stay distinct: keys are compared byte for byte, never normalised",
          arguments: ["object_key_nfc_nfd.json", "object_key_nfd_nfc.json"])
    func unnormalisedKeys(_ file: String) throws {
        let bytes = try Fixtures.bytes("jsontestsuite/test_transform/\(file)")
        let object = try #require(try JSONParser.parse(bytes).objectValue)
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == .string("NFC"))
        #expect(object["e\u{301}"] == .string("NFD"))
        #expect(JSONValue.string("\u{E9}") != JSONValue.string("e\u{301}"))
    }

    @Test("non-finite numbers cannot be written and leave the output untouched")
    func nonFinite() {
        var output = Array("prefix".utf8)
        #expect(throws: JSONWriteError.self) {
            try JSONWriter.appendCanonical(.array([.int(1), .double(.nan)]), to: &output)
        }
        #expect(output == Array("prefix".utf8))
    }
}
