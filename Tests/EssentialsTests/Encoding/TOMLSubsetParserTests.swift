import Testing

@testable import Essentials

@Suite("TOML subset parser")
struct TOMLSubsetParserTests {
    static func parse(_ text: String) throws(TOMLSubsetError) -> TOMLSubsetDocument {
        try TOMLSubsetParser.parse(text)
    }

    // MARK: - Accepted forms

    @Test("a file as the Genesys Cloud CLI writes it (viper, go-toml v2): literal strings, booleans, JSON in a string")
    func gcFile() throws {
        let text = """
            [default]
            access_token = ''
            auto_pagination_enabled = false
            client_credentials = '3f1c6a2e-0000-4000-8000-000000000001'
            client_secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCY=='
            environment = 'mypurecloud.ie'
            grant_type = '1'
            logging_enabled = true
            oauth_token_data = '{"AccessToken":"abc","TokenType":"bearer","ExpiresIn":86399}'
            redirect_uri = ''
            secure_login_enabled = false

            [acme-eu]
            client_credentials = 'id-2'
            client_secret = 'secret-2'
            environment = 'eu-west-1'
            """
        let document = try Self.parse(text)
        #expect(document.tableNames == ["default", "acme-eu"])
        let table = try #require(document.table(named: "default"))
        #expect(table.line == 1)
        #expect(table["client_secret"]?.stringValue == "wJalrXUtnFEMI/K7MDENG+bPxRfiCY==")
        #expect(table["oauth_token_data"]?.stringValue == #"{"AccessToken":"abc","TokenType":"bearer","ExpiresIn":86399}"#)
        #expect(table["logging_enabled"] == .boolean(true))
        #expect(table["secure_login_enabled"]?.boolValue == false)
        #expect(table["access_token"] == .string(""))
        #expect(table.entry("environment")?.line == 6)
        #expect(document.table(named: "acme-eu")?["environment"] == .string("eu-west-1"))
        #expect(document.root.entries.isEmpty)
    }

    @Test("the older writer's form (go-toml v1): indented keys, double quotes, the manual's key=\"value\" without spaces")
    func indentedAndTight() throws {
        let document = try Self.parse("""

            [DEFAULT]
              client_credentials = "id"
            \tclient_secret="s"
              environment=\t"mypurecloud.com"   # a comment

            """)
        let table = try #require(document.table(named: "DEFAULT"))
        #expect(table.line == 2)
        #expect(table.entries.map(\.key) == ["client_credentials", "client_secret", "environment"])
        #expect(table["environment"] == .string("mypurecloud.com"))
    }

    @Test("table names: bare, basic- and literal-quoted (dots and spaces kept), spaces inside brackets, indented, a comment after")
    func tableNames() throws {
        let document = try Self.parse("""
            [plain_Name-1]
            ["acme eu"]
            ['a.b']
              [ spaced ]   # comment
            ["esc\\u0041"]
            """)
        #expect(document.tableNames == ["plain_Name-1", "acme eu", "a.b", "spaced", "escA"])
        #expect(document.tables.map(\.line) == [1, 2, 3, 4, 5])
    }

    @Test("keys: bare, basic- and literal-quoted (a quoted key with a dot is one key), empty quoted key")
    func keys() throws {
        let table = try #require(try Self.parse("""
            [t]
            bare-key_1 = 1
            "client id" = "a"
            'x.y' = "b"
            "" = "empty"
            """).table(named: "t"))
        #expect(table.entries.map(\.key) == ["bare-key_1", "client id", "x.y", ""])
        #expect(table["x.y"] == .string("b"))
        #expect(table[""] == .string("empty"))
    }

    @Test("basic strings: every TOML escape, \\u and \\U, # and quotes inside, non-ASCII text, tabs")
    func basicStrings() throws {
        let table = try #require(try Self.parse(#"""
            [t]
            escapes = "b\bt\tn\nf\fr\rq\"s\\"
            unicode = "\u00e9\U0001F600"
            hash = "a # not a comment" # a comment
            single = "it's"
            text = "Zürich ✓"
            tab = "a	b"
            """#).table(named: "t"))
        #expect(table["escapes"] == .string("b\u{08}t\tn\nf\u{0C}r\rq\"s\\"))
        #expect(table["unicode"] == .string("é😀"))
        #expect(table["hash"] == .string("a # not a comment"))
        #expect(table["single"] == .string("it's"))
        #expect(table["text"] == .string("Zürich ✓"))
        #expect(table["tab"] == .string("a\tb"))
    }

    @Test("literal strings keep backslashes and double quotes as written")
    func literalStrings() throws {
        let table = try #require(try Self.parse(#"""
            [t]
            path = 'C:\Users\gc\n'
            json = '{"a": "b"}'
            empty = ''
            """#).table(named: "t"))
        #expect(table["path"] == .string(#"C:\Users\gc\n"#))
        #expect(table["json"] == .string(#"{"a": "b"}"#))
        #expect(table["empty"] == .string(""))
    }

    static let integers: [(String, Int64)] = [
        ("0", 0), ("+0", 0), ("-0", 0), ("42", 42), ("+17", 17), ("-5", -5), ("1_000", 1000), ("5_349_221", 5_349_221),
        ("0xDEADbeef", 0xDEAD_BEEF), ("0xdead_beef", 0xDEAD_BEEF), ("0o755", 0o755), ("0b1101_0110", 0b1101_0110),
        ("9223372036854775807", .max), ("-9223372036854775808", .min), ("0x7FFFFFFFFFFFFFFF", .max),
    ]

    @Test("whole numbers: signs, underscores, hex, octal, binary, the ends of Int64", arguments: integers)
    func integer(text: String, value: Int64) throws {
        let document = try Self.parse("n = \(text)")
        #expect(document.root["n"] == .integer(value))
    }

    @Test("booleans, comments, blank lines, keys before any table (the root table)")
    func rootAndComments() throws {
        let document = try Self.parse("""
            # written by gc
            version = 3

            enabled = true # trailing
            off = false
            [t]
            # only a comment
            """)
        #expect(document.root.entries.map(\.key) == ["version", "enabled", "off"])
        #expect(document.root["version"] == .integer(3))
        #expect(document.root["enabled"] == .boolean(true))
        #expect(document.root["off"] == .boolean(false))
        #expect(document.table(named: "t")?.entries.isEmpty == true)
    }

    @Test("CRLF line ends, a byte-order mark, an empty file, a file without a final newline")
    func lineEnds() throws {
        let crlf = try TOMLSubsetParser.parse(Array("[a]\r\nk = \"v\"\r\n\r\n[b]\r\nn = 1".utf8))
        #expect(crlf.tableNames == ["a", "b"])
        #expect(crlf.table(named: "a")?["k"] == .string("v"))
        #expect(crlf.table(named: "b")?.entry("n")?.line == 5)
        let bom = try TOMLSubsetParser.parse([0xEF, 0xBB, 0xBF] + Array("[x]\n".utf8))
        #expect(bom.tableNames == ["x"])
        #expect(try TOMLSubsetParser.parse([UInt8]()).tables.isEmpty)
        #expect(try Self.parse("\n\n  \n").tables.isEmpty)
    }

    @Test("printing a value, an entry or a document never shows a string's text")
    func valuesDoNotPrint() throws {
        let marker = "Sup3rS3cretValue"
        let document = try Self.parse("[t]\nclient_secret = \"\(marker)\"\n")
        let value = try #require(document.table(named: "t")?["client_secret"])
        var dumped = ""
        dump(document, to: &dumped)
        for text in ["\(value)", String(reflecting: value), "\(document)", String(reflecting: document), dumped,
                     "\(document.tables)", "\(document.tables[0].entries)"] {
            #expect(!text.contains(marker), "leaked in \(text)")
        }
        #expect(value.description == "a string")
        #expect(value.stringValue == marker)
    }

    // MARK: - Refused forms

    /// A refused form: the text, the line the error names, and the problem.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let problem: TOMLSubsetProblem
        init(_ text: String, line: Int, _ problem: TOMLSubsetProblem) {
            self.text = text
            self.line = line
            self.problem = problem
        }
        var testDescription: String { text.debugDescription }
    }

    /// Each case sits below three lines that are fine, so the line numbers are not all 1.
    static let prefix = "[ok]\n# fine\n\n"

    static let refusals: [Refusal] = [
        Refusal("a = [1, 2]", line: 4, .unsupportedValue(kind: "an array")),
        Refusal("a = []", line: 4, .unsupportedValue(kind: "an array")),
        Refusal("a = { b = 1 }", line: 4, .unsupportedValue(kind: "an inline table")),
        Refusal("a = \"\"\"x\"\"\"", line: 4, .unsupportedValue(kind: "a multi-line string")),
        Refusal("a = '''x'''", line: 4, .unsupportedValue(kind: "a multi-line string")),
        Refusal("a = \"\"\"", line: 4, .unsupportedValue(kind: "a multi-line string")),
        Refusal("a.b = 1", line: 4, .dottedKey),
        Refusal("a . b = 1", line: 4, .dottedKey),
        Refusal("\"a\".b = 1", line: 4, .dottedKey),
        Refusal("[a.b]", line: 4, .dottedTableName),
        Refusal("[ a . b ]", line: 4, .dottedTableName),
        Refusal("[[a]]", line: 4, .arrayOfTables),
        Refusal("a = 1979-05-27", line: 4, .unsupportedValue(kind: "a date or time")),
        Refusal("a = 1979-05-27T07:32:00Z", line: 4, .unsupportedValue(kind: "a date or time")),
        Refusal("a = 1979-05-27 07:32:00", line: 4, .unsupportedValue(kind: "a date or time")),
        Refusal("a = 07:32:00", line: 4, .unsupportedValue(kind: "a date or time")),
        Refusal("a = 3.14", line: 4, .unsupportedValue(kind: "a floating-point number")),
        Refusal("a = -1e5", line: 4, .unsupportedValue(kind: "a floating-point number")),
        Refusal("a = 6E-2", line: 4, .unsupportedValue(kind: "a floating-point number")),
        Refusal("a = inf", line: 4, .unsupportedValue(kind: "a floating-point number")),
        Refusal("a = -nan", line: 4, .unsupportedValue(kind: "a floating-point number")),
        Refusal("a = 1\nb = 2\na = 3", line: 6, .duplicateKey(firstLine: 4)),
        Refusal("a = 1\n\"a\" = 2", line: 5, .duplicateKey(firstLine: 4)),
        Refusal("a = 1\n'a' = 'x'", line: 5, .duplicateKey(firstLine: 4)),
        Refusal("[ok]", line: 4, .duplicateTable(firstLine: 1)),
        Refusal("[\"ok\"]", line: 4, .duplicateTable(firstLine: 1)),
        Refusal("a = \"abc", line: 4, .unterminatedString),
        Refusal("a = 'abc", line: 4, .unterminatedString),
        Refusal("a = \"abc\\\"", line: 4, .unterminatedString),
        Refusal("a = \"abc\\", line: 4, .unterminatedString),
        Refusal("\"abc = 1", line: 4, .unterminatedString),
        Refusal("[\"abc]", line: 4, .unterminatedString),
        Refusal("a = \"x\" y", line: 4, .junkAfterValue),
        Refusal("a = \"x\"\"y\"", line: 4, .junkAfterValue),
        Refusal("a = true false", line: 4, .junkAfterValue),
        Refusal("a = 'x',", line: 4, .junkAfterValue),
        Refusal("a = yes", line: 4, .invalidValue),
        Refusal("a = mypurecloud.com", line: 4, .invalidValue),
        Refusal("a = True", line: 4, .invalidValue),
        Refusal("a = .5", line: 4, .invalidValue),
        Refusal("a =", line: 4, .missingValue),
        Refusal("a =   # nothing", line: 4, .missingValue),
        Refusal("a 1", line: 4, .expectedEquals),
        Refusal("a", line: 4, .expectedEquals),
        Refusal("a: 1", line: 4, .expectedEquals),
        Refusal("= 1", line: 4, .expectedKey),
        Refusal("!x = 1", line: 4, .expectedKey),
        Refusal("\"\"\"k\"\"\" = 1", line: 4, .expectedKey),
        Refusal("a = 012", line: 4, .invalidInteger),
        Refusal("a = 1__0", line: 4, .invalidInteger),
        Refusal("a = 1_", line: 4, .invalidInteger),
        Refusal("a = 0x", line: 4, .invalidInteger),
        Refusal("a = 0xG1", line: 4, .invalidInteger),
        Refusal("a = -0x10", line: 4, .invalidInteger),
        Refusal("a = 9223372036854775808", line: 4, .invalidInteger),
        Refusal("a = -9223372036854775809", line: 4, .invalidInteger),
        Refusal("a = 12abc", line: 4, .invalidInteger),
        Refusal("a = \"\\x41\"", line: 4, .invalidEscape),
        Refusal("a = \"\\e\"", line: 4, .invalidEscape),
        Refusal("a = \"\\uD800\"", line: 4, .invalidEscape),
        Refusal("a = \"\\u12\"", line: 4, .invalidEscape),
        Refusal("a = \"\\U00110000\"", line: 4, .invalidEscape),
        Refusal("a = \"\\u00g1\"", line: 4, .invalidEscape),
        Refusal("a = \"x\u{01}y\"", line: 4, .controlCharacter),
        Refusal("a = 'x\u{7F}y'", line: 4, .controlCharacter),
        Refusal("a = \"x\ry\"", line: 4, .controlCharacter),
        Refusal("[a", line: 4, .invalidTableHeader),
        Refusal("[]", line: 4, .invalidTableHeader),
        Refusal("[a b]", line: 4, .invalidTableHeader),
        Refusal("[a] x", line: 4, .junkAfterTableHeader),
        Refusal("[a]]", line: 4, .junkAfterTableHeader),
    ]

    @Test("every refused form names its line and its problem", arguments: refusals)
    func refused(_ refusal: Refusal) {
        do {
            let document = try Self.parse(Self.prefix + refusal.text)
            Issue.record("accepted: \(document.tableNames)")
        } catch {
            #expect(error.line == refusal.line)
            #expect(error.problem == refusal.problem)
            #expect(error.description.hasPrefix("line \(refusal.line), column "))
            #expect(error.description.contains(refusal.problem.description))
        }
    }

    @Test("a key given at the root may not also name a table")
    func rootKeyThenTable() {
        #expect(throws: TOMLSubsetError(line: 3, column: 1, subject: "[a]", problem: .duplicateTable(firstLine: 1))) {
            try Self.parse("a = 1\n\n[a]")
        }
    }

    @Test("the same key in two tables is fine; in one table twice it is not, even after a comment")
    func keysPerTable() throws {
        let document = try Self.parse("[a]\nk = 1\n[b]\nk = 2\n")
        #expect(document.table(named: "b")?["k"] == .integer(2))
        #expect(throws: TOMLSubsetError(line: 4, column: 1, subject: "k", problem: .duplicateKey(firstLine: 2))) {
            try Self.parse("[a]\nk = 1\n# again\nk = 2\n")
        }
    }

    @Test("bytes that are not UTF-8 are refused on their line")
    func invalidUTF8() {
        let bytes = Array("[a]\nk = \"".utf8) + [0xFF, 0xFE] + Array("\"\n".utf8)
        #expect(throws: TOMLSubsetError(line: 2, column: 1, problem: .invalidUTF8)) {
            try TOMLSubsetParser.parse(bytes)
        }
    }

    @Test("the column points at the problem, and the key is named once it is followed by =")
    func columns() {
        #expect(throws: TOMLSubsetError(line: 1, column: 17, subject: "client_secret", problem: .unterminatedString)) {
            try Self.parse("client_secret = \"abc")
        }
        #expect(throws: TOMLSubsetError(line: 1, column: 11, subject: "key", problem: .junkAfterValue)) {
            try Self.parse("key = 'v' x")
        }
        #expect(throws: TOMLSubsetError(line: 2, column: 4, subject: "k", problem: .invalidEscape)) {
            try Self.parse("[t]\nk=\"\\q\"")
        }
        // Without '=', the word is not known to be a key, and is not named.
        #expect(throws: TOMLSubsetError(line: 1, column: 15, problem: .expectedEquals)) {
            try Self.parse("client_secret \"abc")
        }
    }

    /// Every refused form of a value, written on a `client_secret` line with a marker in it.
    static let secretLines: [String] = [
        "client_secret = \"MARKER", "client_secret = 'MARKER", "client_secret = MARKER", "client_secret = \"MARKER\" MARKER",
        "client_secret = [\"MARKER\"]", "client_secret = { v = \"MARKER\" }", "client_secret = \"\"\"MARKER\"\"\"",
        "client_secret = \"MARKER\\q\"", "client_secret = \"MARKER\u{01}\"", "client_secret = 'MARKER'x",
        "client_secret \"MARKER\"", "MARKER", "MARKER+/==", "client_secret = 1MARKER",
        "client_secret = \"x\"\nclient_secret = \"MARKER\"", "client_secret.MARKER = 1", "[MARKER", "[\"MARKER",
    ]

    @Test("no error about a line repeats the value on it", arguments: secretLines)
    func errorsDoNotEchoValues(_ line: String) {
        let marker = "MARKER"
        do {
            _ = try Self.parse("[default]\nclient_credentials = \"id\"\n" + line + "\n")
            Issue.record("accepted")
        } catch {
            #expect(!error.description.contains(marker), "\(error.description)")
            #expect(!String(reflecting: error).contains(marker))
        }
    }
}
