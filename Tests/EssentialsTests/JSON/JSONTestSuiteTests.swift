import Essentials
import Testing

/// JSONTestSuite's `test_parsing` corpus: every `y_` accepted, every `n_` rejected with a located
/// error, every `i_` answered without a crash or a hang.
@Suite("JSONTestSuite conformance")
struct JSONTestSuiteTests {
    static let accepted = Fixtures.files(in: "jsontestsuite/test_parsing", prefix: "y_")
    static let rejected = Fixtures.files(in: "jsontestsuite/test_parsing", prefix: "n_")
    static let either = Fixtures.files(in: "jsontestsuite/test_parsing", prefix: "i_")

    @Test("the corpus is all there")
    func corpusIsComplete() {
        // JSONTestSuite's test_parsing has 95 y_, 188 n_ and 35 i_ cases.
        #expect(Self.accepted.count == 95)
        #expect(Self.rejected.count == 188)
        #expect(Self.either.count == 35)
    }

    @Test("y_ cases are accepted and survive a round trip", arguments: accepted)
    func accepts(_ name: String) throws {
        let bytes = try Fixtures.bytes("jsontestsuite/test_parsing/\(name)")
        let value = try JSONParser.parse(bytes)
        let again = try JSONParser.parse(try JSONWriter.compact(value))
        #expect(again == value)
        let canonical = try JSONWriter.canonical(value)
        #expect(try JSONWriter.canonical(JSONParser.parse(canonical)) == canonical)
    }

    @Test("n_ cases are rejected with an error inside the text", arguments: rejected)
    func rejects(_ name: String) throws {
        let bytes = try Fixtures.bytes("jsontestsuite/test_parsing/\(name)")
        let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        #expect(error.offset >= 0 && error.offset <= bytes.count)
        #expect(!error.reason.isEmpty)
    }

    @Test("i_ cases either parse or fail with a located parse error", arguments: either)
    func decides(_ name: String) throws {
        let bytes = try Fixtures.bytes("jsontestsuite/test_parsing/\(name)")
        do {
            let value = try JSONParser.parse(bytes)
            #expect(try JSONParser.parse(try JSONWriter.compact(value)) == value)
        } catch let error as JSONParseError {
            #expect(error.offset >= 0 && error.offset <= bytes.count)
        }
    }

    @Test("100,000 opening brackets hit the depth limit, not the stack")
    func deepNestingIsAnError() throws {
        let bytes = try Fixtures.bytes("jsontestsuite/test_parsing/n_structure_100000_opening_arrays.json")
        let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        #expect(error.reason.contains("nesting deeper than 512"))
        #expect(error.offset == 512)
    }
}
