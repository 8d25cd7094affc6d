import Essentials
import Testing

@Suite("ParsedCommand: typed values")
struct ParsedCommandTypedValueTests {
    static let exportLine = ["export", "-f", "a", "-t", "b"]

    @Test func intComesFromTheSpecDefault() throws {
        let parsed = try ExampleTool.command(Self.exportLine)
        #expect(try parsed.int("records") == 1000)
        #expect(try parsed.int("records", default: 7) == 1000)
    }

    @Test(arguments: [("42", 42), ("+3", 3), ("-4", -4), ("0", 0)])
    func intAcceptsWholeNumbers(_ text: String, _ number: Int) throws {
        let parsed = try ExampleTool.command(Self.exportLine + ["--records=\(text)"])
        #expect(try parsed.int("records") == number)
    }

    @Test func intDefaultWhenNeitherGivenNorDeclared() throws {
        let parsed = try ExampleTool.command(["mappings", "generate", "--name", "x"])
        #expect(try parsed.int("limit") == nil)
        #expect(try parsed.int("limit", default: 7) == 7)
    }

    @Test(arguments: [
        ("abc", nil, "option '--records' of 'export' needs a whole number, got 'abc'"),
        ("1.5", nil, "option '--records' of 'export' needs a whole number, got '1.5'"),
        ("", nil, "option '--records' of 'export' needs a whole number, got ''"),
        ("99999999999999999999", nil, "option '--records' of 'export' needs a whole number, got '99999999999999999999'"),
        ("-5", 1...Int.max, "option '--records' of 'export' needs a whole number of at least 1, got '-5'"),
        ("11", 1...10, "option '--records' of 'export' needs a whole number from 1 to 10, got '11'"),
        ("1", Int.min...0, "option '--records' of 'export' needs a whole number of at most 0, got '1'"),
    ] as [(String, ClosedRange<Int>?, String)])
    func intRefusesOtherValues(_ text: String, _ range: ClosedRange<Int>?, _ message: String) throws {
        let parsed = try ExampleTool.command(Self.exportLine + ["--records=\(text)"])
        let error = #expect(throws: CommandLineError.self) {
            try parsed.int("records", in: range)
        }
        #expect(error?.description == message)
    }

    @Test func intWithinRangeIsAccepted() throws {
        let parsed = try ExampleTool.command(Self.exportLine + ["--records", "10"])
        #expect(try parsed.int("records", in: 1...10) == 10)
    }

    @Test func doubleFromDefaultAndGiven() throws {
        let defaulted = try ExampleTool.command(["mappings", "generate", "--name", "x"])
        #expect(try defaulted.double("threshold", in: 0...1) == 0.8)
        let given = try ExampleTool.command(["mappings", "generate", "--name", "x", "--threshold", "0.25"])
        #expect(try given.double("threshold", default: 0.5) == 0.25)
    }

    @Test(arguments: [
        ("nan", "option '--threshold' of 'mappings generate' needs a number from 0.0 to 1.0, got 'nan'"),
        ("inf", "option '--threshold' of 'mappings generate' needs a number from 0.0 to 1.0, got 'inf'"),
        ("1.5", "option '--threshold' of 'mappings generate' needs a number from 0.0 to 1.0, got '1.5'"),
        ("high", "option '--threshold' of 'mappings generate' needs a number from 0.0 to 1.0, got 'high'"),
    ])
    func doubleRefusesOtherValues(_ text: String, _ message: String) throws {
        let parsed = try ExampleTool.command(["mappings", "generate", "--name", "x", "--threshold=\(text)"])
        let error = #expect(throws: CommandLineError.self) {
            try parsed.double("threshold", in: 0...1)
        }
        #expect(error?.description == message)
    }

    @Test func customConversionNamesTheOption() throws {
        let parsed = try ExampleTool.command(["export", "--from", "yesterday", "--to", "2024-02-01"])
        let isDate: (String) -> String? = { $0.count == 10 && $0.filter { $0 == "-" }.count == 2 ? $0 : nil }
        #expect(try parsed.value("to", expected: "a date like 2024-01-15", isDate) == "2024-02-01")
        #expect(throws: CommandLineError.invalidValue(
            option: "--from", value: "yesterday", expected: "a date like 2024-01-15", command: parsed.command)
        ) {
            try parsed.value("from", expected: "a date like 2024-01-15", isDate)
        }
        #expect(parsed.invalidValue("from", expected: "a day before --to").description
            == "option '--from' of 'export' needs a day before --to, got 'yesterday'")
    }

    @Test func requiredValue() throws {
        let parsed = try ExampleTool.command(["mappings", "generate", "--name", "prod"])
        #expect(try parsed.requiredValue("name") == "prod")
        #expect(throws: CommandLineError.missingRequiredOption("--limit", command: parsed.command)) {
            try parsed.requiredValue("limit")
        }
    }
}
