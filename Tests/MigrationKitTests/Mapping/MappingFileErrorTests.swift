import Essentials
import MigrationKit
import Testing

/// Malformed mapping files, made the way an admin would make them: by editing the text of a valid
/// one. Every error must name the file, the entry and the field.
@Suite("Mapping file errors")
struct MappingFileErrorTests {
    static let path = "mappings/acme.json"
    static let valid = String(decoding: try! MappingFileTests.sample.encoded(), as: UTF8.self)

    /// One edit of the valid text and the error it must cause.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var replace: String
        var with: String
        var error: MappingFileError
        /// Texts the description must contain besides the path: the entry and the field.
        var mentions: [String]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "wrong formatVersion", replace: "\"formatVersion\": 1", with: "\"formatVersion\": 2",
            error: .unsupportedFormatVersion(path: path, found: 2), mentions: ["\"formatVersion\" is 2", "format 1"]
        ),
        Case(
            name: "formatVersion not a number", replace: "\"formatVersion\": 1", with: "\"formatVersion\": \"1\"",
            error: .wrongType(path: path, entry: "the top level", field: "formatVersion", expected: "the number 1", found: "a string"),
            mentions: ["the top level", "\"formatVersion\""]
        ),
        Case(
            name: "unknown match", replace: "\"match\": \"normalized\"", with: "\"match\": \"manaul\"",
            error: .unknownMatch(path: path, entry: "queues[0] (\"Billing Support\")", value: "manaul"),
            mentions: ["queues[0] (\"Billing Support\")", "\"match\" is \"manaul\"", "exact, normalized, manual, ambiguous, unmatched, excluded"]
        ),
        Case(
            name: "missing sourceId", replace: "\"sourceId\": \"f1\",\n", with: "",
            error: .missingField(path: path, entry: "flows[0] (\"Main IVR\")", field: "sourceId"),
            mentions: ["flows[0] (\"Main IVR\")", "\"sourceId\" is missing"]
        ),
        Case(
            name: "empty sourceId", replace: "\"sourceId\": \"f1\"", with: "\"sourceId\": \"\"",
            error: .invalidValue(path: path, entry: "flows[0] (\"Main IVR\")", field: "sourceId", value: "empty", expected: "an id"),
            mentions: ["flows[0] (\"Main IVR\")", "\"sourceId\" is empty"]
        ),
        Case(
            name: "duplicate sourceId", replace: "\"sourceId\": \"w1\"", with: "\"sourceId\": \"w2\"",
            error: .duplicateSourceId(
                path: path, entry: "wrapupCodes[1] (\"Resolved\")", sourceId: "w2", otherEntry: "wrapupCodes[0] (\"Escalated\")"
            ),
            mentions: ["wrapupCodes[1] (\"Resolved\")", "\"sourceId\" \"w2\"", "wrapupCodes[0] (\"Escalated\")"]
        ),
        Case(
            name: "manual without destinationId", replace: "\"destinationId\": \"v2\"", with: "\"destinationId\": null",
            error: .missingDestinationId(path: path, entry: "wrapupCodes[0] (\"Escalated\")", match: .manual),
            mentions: ["wrapupCodes[0] (\"Escalated\")", "\"destinationId\"", "\"match\" is \"manual\""]
        ),
        Case(
            name: "destinationId not a string", replace: "\"destinationId\": \"g1\"", with: "\"destinationId\": 42",
            error: .wrongType(
                path: path, entry: "flows[0] (\"Main IVR\")", field: "destinationId", expected: "a string (an id) or null", found: "a number"
            ),
            mentions: ["flows[0] (\"Main IVR\")", "\"destinationId\" is a number"]
        ),
        Case(
            name: "destinationId on an unmatched entry", replace: "\"destinationId\": null,\n      \"match\": \"unmatched\"",
            with: "\"destinationId\": \"v9\",\n      \"match\": \"unmatched\"",
            error: .unexpectedDestinationId(path: path, entry: "wrapupCodes[1] (\"Resolved\")", match: .unmatched),
            mentions: ["wrapupCodes[1] (\"Resolved\")", "\"destinationId\" is set", "\"manual\""]
        ),
        Case(
            name: "sourceName not a string", replace: "\"sourceName\": \"Escalated\"", with: "\"sourceName\": true",
            error: .wrongType(path: path, entry: "wrapupCodes[0]", field: "sourceName", expected: "a string", found: "a Boolean"),
            mentions: ["wrapupCodes[0]", "\"sourceName\" is a Boolean"]
        ),
        Case(
            name: "flow without type", replace: "\"type\": \"inboundcall\",\n", with: "",
            error: .missingField(path: path, entry: "flows[0] (\"Main IVR\")", field: "type"),
            mentions: ["flows[0] (\"Main IVR\")", "\"type\" is missing"]
        ),
        Case(
            name: "candidate without id", replace: "\"id\": \"x1\",\n", with: "",
            error: .missingField(path: path, entry: "queues[1] (\"Fraud\")", field: "candidates[0].id"),
            mentions: ["queues[1] (\"Fraud\")", "\"candidates[0].id\" is missing"]
        ),
        Case(
            name: "generatedAt not a time", replace: "\"generatedAt\": \"2026-01-10T12:00:00.000Z\"", with: "\"generatedAt\": \"yesterday\"",
            error: .invalidValue(
                path: path, entry: "the top level", field: "generatedAt", value: "\"yesterday\"",
                expected: "a UTC time like 2026-01-10T12:00:00.000Z"
            ),
            mentions: ["the top level", "\"generatedAt\" is \"yesterday\""]
        ),
        Case(
            name: "destination without orgId", replace: "\"orgId\": \"dst-org\",\n", with: "",
            error: .missingField(path: path, entry: "destination", field: "orgId"), mentions: ["destination: \"orgId\" is missing"]
        ),
        Case(
            name: "entry not an object", replace: "\"flows\": [\n", with: "\"flows\": [\n    \"Main IVR\",\n",
            error: .wrongType(path: path, entry: "flows[0]", field: nil, expected: "an object", found: "a string"),
            mentions: ["flows[0] is a string"]
        ),
        Case(
            name: "list missing", replace: "\"flows\": [", with: "\"flowz\": [",
            error: .missingField(path: path, entry: "the top level", field: "flows"), mentions: ["\"flows\" is missing"]
        ),
    ]

    @Test("each malformed file is refused with the file, the entry and the field", arguments: cases)
    func malformed(_ test: Case) throws {
        #expect(Self.valid.components(separatedBy: test.replace).count == 2, "the edit must apply exactly once")
        let text = Self.valid.replacingOccurrences(of: test.replace, with: test.with)
        #expect(throws: test.error) { try MappingFile.decode(Array(text.utf8), path: Self.path) }
        let description = test.error.description
        #expect(description.hasPrefix(Self.path + ": "))
        for mention in test.mentions { #expect(description.contains(mention), "\(description)") }
        // Lower-case, says what to do after a semicolon, no trailing period.
        #expect(description.dropFirst(Self.path.count + 2).first?.isUppercase == false)
        #expect(description.contains("; "), "\(description)")
        #expect(!description.hasSuffix("."))
    }

    @Test("the exact message of an unknown match")
    func unknownMatchMessage() {
        let error = MappingFileError.unknownMatch(path: "mappings/acme.json", entry: "queues[12] (\"Billing Support\")", value: "manaul")
        #expect(
            error.description
                == "mappings/acme.json: queues[12] (\"Billing Support\"): \"match\" is \"manaul\"; use one of exact, normalized, manual, ambiguous, unmatched, excluded"
        )
    }

    @Test("invalid JSON is located by line and byte of the line")
    func invalidJSON() throws {
        // A missing comma after "sourceName": the parser stops at the next key.
        let text = Self.valid.replacingOccurrences(
            of: "\"sourceName\": \"Billing Support\",", with: "\"sourceName\": \"Billing Support\""
        )
        let lines = text.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("\"sourceDivision\": \"Home\"") }) + 1
        let column = lines[line - 1].prefix { $0 == " " }.count + 1
        let error = try #require(throws: MappingFileError.self) { try MappingFile.decode(Array(text.utf8), path: Self.path) }
        guard case let .invalidJSON(path, foundLine, foundColumn, _) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(path == Self.path)
        #expect(foundLine == line)
        #expect(foundColumn == column)
        #expect(error.description.hasPrefix("mappings/acme.json: invalid JSON on line \(line) at byte \(column): "))

        let empty = try #require(throws: MappingFileError.self) { try MappingFile.decode([], path: "m.json") }
        guard case .invalidJSON("m.json", 1, 1, _) = empty else {
            Issue.record("\(empty)")
            return
        }
    }

    @Test("a top level that is not an object is refused")
    func notAnObject() {
        #expect(throws: MappingFileError.wrongType(path: "m.json", entry: "the top level", field: nil, expected: "an object", found: "an array")) {
            try MappingFile.decode(Array("[]".utf8), path: "m.json")
        }
    }
}
