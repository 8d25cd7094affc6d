import OrgEmulator
import Testing

@Suite("HTTP request parser")
struct HTTPRequestParserTests {
    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Feeds `text` whole to a fresh parser.
    private static func parse(_ text: String, maximumHeaderBytes: Int = 16_384, maximumBodyBytes: Int = 64 << 20) -> HTTPRequestParser.Result {
        var parser = HTTPRequestParser(maximumHeaderBytes: maximumHeaderBytes, maximumBodyBytes: maximumBodyBytes)
        return parser.parse(bytes(text))
    }

    private static func status(of result: HTTPRequestParser.Result) -> Int? {
        if case let .failure(status, _) = result { return status }
        return nil
    }

    @Test("a GET with headers and a query")
    func simpleGet() throws {
        let text = "GET /api/v2/flows?pageSize=100 HTTP/1.1\r\nHost: localhost\r\nAuthorization:  Bearer abc \r\n\r\n"
        guard case let .request(request, consumed) = Self.parse(text) else {
            Issue.record("expected a request")
            return
        }
        #expect(consumed == text.utf8.count)
        #expect(request.method == "GET")
        #expect(request.target == "/api/v2/flows?pageSize=100")
        #expect(request.version == "HTTP/1.1")
        #expect(request.headers == HTTPHeaders([("Host", "localhost"), ("Authorization", "Bearer abc")]))
        #expect(request.body.isEmpty)
        #expect(request.keepsConnectionAlive)
    }

    @Test("a request split at every byte is incomplete until its last byte, then parses the same")
    func everySplitPoint() throws {
        let text = "POST /api/v2/flows HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
        let all = Self.bytes(text)
        var whole = HTTPRequestParser()
        guard case let .request(expected, _) = whole.parse(all) else {
            Issue.record("the whole request did not parse")
            return
        }
        #expect(expected.body == Self.bytes("hello world"))
        for split in 1..<all.count {
            var parser = HTTPRequestParser()
            // Fed one prefix, then the whole: how a connection sees bytes arrive.
            #expect(parser.parse(Array(all[0..<split])) == .incomplete, "split at \(split)")
            #expect(parser.parse(all) == .request(expected, consumedByteCount: all.count), "split at \(split)")
        }
        // And byte by byte through one parser.
        var parser = HTTPRequestParser()
        for end in 1..<all.count {
            #expect(parser.parse(Array(all[0..<end])) == .incomplete)
        }
        #expect(parser.parse(all) == .request(expected, consumedByteCount: all.count))
    }

    @Test("pipelined requests in one buffer come out one after another")
    func pipelined() throws {
        let first = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
        let second = "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
        let third = "GET /c HTTP/1.1\r\n\r\n"
        let all = Self.bytes(first + second + third + "GET /d")
        var parser = HTTPRequestParser()
        var rest = all[...]
        var targets: [String] = []
        var bodies: [[UInt8]] = []
        while case let .request(request, consumed) = parser.parse(rest) {
            targets.append(request.target)
            bodies.append(request.body)
            rest = rest.dropFirst(consumed)
        }
        #expect(targets == ["/a", "/b", "/c"])
        #expect(bodies == [[], Self.bytes("abc"), []])
        #expect(Array(rest) == Self.bytes("GET /d"))
        #expect(parser.parse(rest) == .incomplete)
    }

    @Test("bare LF line ends and leading empty lines are accepted")
    func bareLineFeeds() throws {
        let text = "\r\n\nGET / HTTP/1.1\nHost: a\n\n"
        guard case let .request(request, consumed) = Self.parse(text + "GET") else {
            Issue.record("expected a request")
            return
        }
        #expect(consumed == text.utf8.count)
        #expect(request.headers["host"] == "a")
    }

    @Test("HTTP/1.0 parses and closes unless it asks for keep-alive")
    func http10() throws {
        guard case let .request(plain, _) = Self.parse("GET / HTTP/1.0\r\n\r\n"),
            case let .request(keepAlive, _) = Self.parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"),
            case let .request(closing, _) = Self.parse("GET / HTTP/1.1\r\nConnection: foo, close\r\n\r\n")
        else {
            Issue.record("expected requests")
            return
        }
        #expect(plain.version == "HTTP/1.0")
        #expect(!plain.keepsConnectionAlive)
        #expect(keepAlive.keepsConnectionAlive)
        #expect(!closing.keepsConnectionAlive)
    }

    @Test(
        "malformed request lines are 400",
        arguments: [
            "GET\r\n\r\n",
            "GET /\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1 \r\n\r\n",
            "GET / http/1.1\r\n\r\n",
            "GET / HTTP/1\r\n\r\n",
            "GET / HTTP/1.10\r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n",
            "GET /a\u{7F}b HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\rX: y\r\n\r\n",
            "\rGET / HTTP/1.1\r\n\r\n",
        ]
    )
    func malformedRequestLine(text: String) {
        #expect(Self.status(of: Self.parse(text)) == 400)
    }

    @Test("other HTTP versions are 505")
    func unsupportedVersion() {
        #expect(Self.status(of: Self.parse("GET / HTTP/2.0\r\n\r\n")) == 505)
        #expect(Self.status(of: Self.parse("GET / HTTP/0.9\r\n\r\n")) == 505)
    }

    @Test(
        "malformed header lines are 400",
        arguments: [
            "Host : x",
            "Host",
            ": value",
            " Folded: x",
            "Bad Name: x",
            "X: a\u{01}b",
            "X: a\rb",
        ]
    )
    func malformedHeader(line: String) {
        #expect(Self.status(of: Self.parse("GET / HTTP/1.1\r\n\(line)\r\n\r\n")) == 400)
    }

    @Test("a folded continuation line is 400")
    func obsFold() {
        #expect(Self.status(of: Self.parse("GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n")) == 400)
    }

    @Test("a head over the limit is 431, even before its end arrives")
    func oversizedHead() {
        let long = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 200) + "\r\n\r\n"
        #expect(Self.status(of: Self.parse(long, maximumHeaderBytes: 100)) == 431)
        let unterminated = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 200)
        #expect(Self.status(of: Self.parse(unterminated, maximumHeaderBytes: 100)) == 431)
        // Exactly at the limit is fine.
        let exact = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 100 - 23) + "\r\n\r\n"
        #expect(exact.utf8.count == 100)
        if case .request = Self.parse(exact, maximumHeaderBytes: 100) {} else { Issue.record("a head of exactly the limit was refused") }
        // The default limit is 16 KiB.
        let big = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 16_384) + "\r\n\r\n"
        #expect(Self.status(of: Self.parse(big)) == 431)
    }

    @Test("any Transfer-Encoding is 501")
    func transferEncoding() {
        #expect(Self.status(of: Self.parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")) == 501)
        #expect(Self.status(of: Self.parse("POST / HTTP/1.1\r\nContent-Length: 3\r\ntransfer-encoding: identity\r\n\r\nabc")) == 501)
    }

    @Test("a Content-Length over the limit is 413 before any body arrives")
    func bodyTooLarge() {
        #expect(Self.status(of: Self.parse("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", maximumBodyBytes: 10)) == 413)
        #expect(Self.status(of: Self.parse("POST / HTTP/1.1\r\nContent-Length: \(64 << 20 + 1)\r\n\r\n")) == 413)
        #expect(Self.status(of: Self.parse("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n")) == 413)
        #expect(Self.parse("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n", maximumBodyBytes: 10) == .incomplete)
    }

    @Test(
        "invalid or conflicting Content-Length is 400",
        arguments: [
            "Content-Length: abc",
            "Content-Length: -1",
            "Content-Length: +5",
            "Content-Length: 1 2",
            "Content-Length:",
            "Content-Length: 5, 6",
            "Content-Length: 5\r\nContent-Length: 6",
        ]
    )
    func badContentLength(field: String) {
        #expect(Self.status(of: Self.parse("POST / HTTP/1.1\r\n\(field)\r\n\r\nhello")) == 400)
    }

    @Test("repeated Content-Length values that agree are accepted")
    func agreeingContentLength() {
        let text = "POST / HTTP/1.1\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\nhello"
        guard case let .request(request, consumed) = Self.parse(text + "X") else {
            Issue.record("expected a request")
            return
        }
        #expect(request.body == Self.bytes("hello"))
        #expect(consumed == text.utf8.count)
    }

    @Test("Expect: 100-continue is reported while the body is awaited")
    func expectContinue() {
        var parser = HTTPRequestParser()
        let head = Self.bytes("PUT /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        #expect(parser.parse(head) == .incomplete)
        #expect(parser.isAwaitingBodyAfterExpectContinue)
        guard case .request = parser.parse(head + Self.bytes("ok")) else {
            Issue.record("expected a request")
            return
        }
        #expect(!parser.isAwaitingBodyAfterExpectContinue)
    }
}
