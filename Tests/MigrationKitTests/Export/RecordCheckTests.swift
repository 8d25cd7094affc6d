import Essentials
import Testing

@testable import MigrationKit

@Suite("Record check (required fields without a full parse)")
struct RecordCheckTests {
    static func missing(_ text: String) throws -> String? {
        var check = RecordCheck()
        return try Array(text.utf8).withUnsafeBytes { try check.missingField(in: $0) }
    }

    @Test("agrees with a full parse on what is missing", arguments: [
        (#"{"id":"a","type":"voice","state":"s","startTime":"t"}"#, nil),
        (#" { "id" : "a" , "type":"voice","state":"s","startTime":"t", "x": {"id": null} } "#, nil),
        (#"{"id":"a","type":"voice","state":"s"}"#, "startTime"),
        (#"{"id":null,"type":"voice","state":"s","startTime":"t"}"#, "id"),
        (#"{"\u0069d":"a","type":"voice","state":"s","startTime":"t"}"#, nil),
        (#"{"identifier":"a","type":"voice","state":"s","startTime":"t"}"#, "id"),
        (#"{}"#, "id"),
    ] as [(String, String?)])
    func fields(_ text: String, _ expected: String?) throws {
        #expect(try Self.missing(text) == expected)
    }

    @Test("bad JSON and JSON that is not an object are refused", arguments: [
        #"{"id":"a","type":"voice""#, #"{"id":"a",}"#, #"{"id":"a"} x"#, #"[1,2]"#, #""text""#, #"{"id":"a","n":01}"#,
    ])
    func refused(_ text: String) {
        #expect(throws: (any Error).self) { _ = try Self.missing(text) }
    }
}
