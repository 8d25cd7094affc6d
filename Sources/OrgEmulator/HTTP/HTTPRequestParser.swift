/// Reads HTTP/1.x requests out of a byte buffer, without touching a socket.
///
/// Give `parse(_:)` the bytes received so far that no earlier request consumed. It answers
/// `.incomplete` (read more and call again with the same bytes plus the new ones), `.request` with
/// how many bytes the request took (drop them and call again: pipelined requests come out one after
/// another), or `.failure` with the status to answer before closing the connection.
///
/// What it accepts, following RFC 9112:
/// - Lines end in CRLF; a bare LF is accepted too (RFC 9112 §2.2 allows it, and hand-typed requests
///   from `nc` use it). A CR not followed by LF is malformed.
/// - Empty lines before the request line are skipped (§2.2: some clients send a CRLF after a body).
/// - The request line is `method SP target SP HTTP/1.x` with single spaces; `HTTP/1.0` and `HTTP/1.1`
///   are served, and a later `HTTP/1.x` is served as 1.1 (RFC 9110 §2.5). Any other well-formed
///   version gets 505; anything else malformed gets 400.
/// - Header lines are `name: value`: a token, the colon at once (whitespace before it is 400, §5.1),
///   the value trimmed of spaces and tabs. Folded lines (obs-fold) and control characters are 400.
/// - The head (request line, fields and the empty line) may be at most `maximumHeaderBytes`, else
///   431, decided as soon as that many bytes arrive without its end.
/// - Bodies are framed only by `Content-Length`. Any `Transfer-Encoding` gets 501. A length that is
///   not digits, or several lengths that differ, is 400; a length over `maximumBodyBytes` is 413,
///   decided from the header before the body is read.
/// - `Host` is not required: the emulator serves one origin.
///
/// The parser remembers how far it has scanned and the parsed head of a request whose body is still
/// arriving, so feeding a request a few bytes at a time costs no repeated work.
public struct HTTPRequestParser: Sendable {
    /// What the buffer held.
    public enum Result: Sendable, Equatable {
        /// The buffer holds only the start of a request: read more.
        case incomplete
        /// A whole request that took the first `consumedByteCount` bytes of the buffer.
        case request(HTTPRequest, consumedByteCount: Int)
        /// The bytes cannot be a valid request: answer `status`, explaining with `reason`, and close.
        case failure(status: Int, reason: String)
    }

    /// The largest request head, in bytes, before the request is refused with 431.
    public let maximumHeaderBytes: Int
    /// The largest body, in bytes, before the request is refused with 413.
    public let maximumBodyBytes: Int

    /// A parsed head waiting for its body.
    private struct Head: Sendable {
        var request: HTTPRequest
        var headEnd: Int
        var bodyLength: Int
        var expectsContinue: Bool
    }

    private var pending: Head?
    /// Bytes from the start of the buffer already searched for the end of the head.
    private var scanned = 0

    /// Creates a parser with the given limits (16 KiB of head and 64 MiB of body by default).
    public init(maximumHeaderBytes: Int = 16_384, maximumBodyBytes: Int = 64 << 20) {
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// True when a head has been parsed that sent `Expect: 100-continue` and its body has not all
    /// arrived: a server answers `100 Continue` once so the client sends the body.
    public var isAwaitingBodyAfterExpectContinue: Bool { pending?.expectsContinue ?? false }

    /// Forgets any partial request, as before the first call.
    public mutating func reset() {
        pending = nil
        scanned = 0
    }

    /// Parses the request at the start of `buffer`.
    ///
    /// Between calls that answer `.incomplete`, `buffer` must start with the bytes of the previous
    /// call. After `.request` drop its `consumedByteCount` bytes and call again for the next request;
    /// after `.failure` the connection is done.
    public mutating func parse(_ buffer: ArraySlice<UInt8>) -> Result {
        buffer.withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// Parses the request at the start of `buffer`; see `parse(_:)` for the slice form.
    public mutating func parse(_ buffer: [UInt8]) -> Result {
        buffer.withUnsafeBufferPointer { parse(bytes: $0) }
    }

    // MARK: - Framing

    private mutating func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result {
        if pending == nil {
            switch findHead(bytes) {
            case .incomplete: return .incomplete
            case let .failure(status, reason):
                reset()
                return .failure(status: status, reason: reason)
            case let .found(start, end):
                switch parseHead(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                case let .failure(status, reason):
                    reset()
                    return .failure(status: status, reason: reason)
                case let .head(request, bodyLength, expectsContinue):
                    pending = Head(request: request, headEnd: end, bodyLength: bodyLength, expectsContinue: expectsContinue)
                }
            }
        }
        guard var head = pending else { return .incomplete }
        let end = head.headEnd + head.bodyLength
        guard bytes.count >= end else { return .incomplete }
        if head.bodyLength > 0 {
            head.request.body = Array(bytes[head.headEnd..<end])
        }
        reset()
        return .request(head.request, consumedByteCount: end)
    }

    private enum HeadSearch {
        case incomplete
        case found(start: Int, end: Int)
        case failure(status: Int, reason: String)
    }

    /// Finds the head: skips leading empty lines, then looks for the empty line that ends it.
    private mutating func findHead(_ bytes: UnsafeBufferPointer<UInt8>) -> HeadSearch {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var start = 0
        while start < bytes.count {
            if bytes[start] == lf {
                start += 1
            } else if bytes[start] == cr {
                guard start + 1 < bytes.count else { return .incomplete }
                guard bytes[start + 1] == lf else { return .failure(status: 400, reason: "bare CR before the request line") }
                start += 2
            } else {
                break
            }
            if start > maximumHeaderBytes {
                return .failure(status: 431, reason: "request head exceeds \(maximumHeaderBytes) bytes")
            }
        }
        // The first line of the head is never empty, so an LF ends the head when the line before it
        // is empty: "\n\n" or "\n\r\n".
        var i = max(scanned, start + 1)
        let limit = min(bytes.count, start + maximumHeaderBytes)
        while i < limit {
            if bytes[i] == lf {
                let previous = bytes[i - 1]
                if previous == lf || (previous == cr && i - 2 >= start && bytes[i - 2] == lf) {
                    scanned = 0
                    return .found(start: start, end: i + 1)
                }
            }
            i += 1
        }
        if bytes.count - start >= maximumHeaderBytes {
            return .failure(status: 431, reason: "request head exceeds \(maximumHeaderBytes) bytes")
        }
        // Each LF is judged by the bytes before it, so the next call starts where this one stopped.
        scanned = max(start + 1, bytes.count)
        return .incomplete
    }

    // MARK: - The head

    private enum HeadParse {
        case head(HTTPRequest, bodyLength: Int, expectsContinue: Bool)
        case failure(status: Int, reason: String)
    }

    /// Parses the request line and fields of a complete head (which ends with its empty line).
    private func parseHead(_ head: UnsafeBufferPointer<UInt8>) -> HeadParse {
        var lines: [Range<Int>] = []
        var lineStart = 0
        for i in 0..<head.count where head[i] == UInt8(ascii: "\n") {
            var lineEnd = i
            if lineEnd > lineStart, head[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            lines.append(lineStart..<lineEnd)
            lineStart = i + 1
        }
        // The last line is the empty one that ends the head.
        lines.removeLast()
        guard let requestLine = lines.first else { return .failure(status: 400, reason: "missing request line") }

        let method: String, target: String, version: String
        switch parseRequestLine(UnsafeBufferPointer(rebasing: head[requestLine])) {
        case let .failure(status, reason): return .failure(status: status, reason: reason)
        case let .line(m, t, v): (method, target, version) = (m, t, v)
        }

        var headers = HTTPHeaders()
        var contentLength: Int?
        var expectsContinue = false
        for range in lines.dropFirst() {
            let line = UnsafeBufferPointer(rebasing: head[range])
            guard let (name, value) = parseField(line) else {
                return .failure(status: 400, reason: "malformed header line \(Self.quoted(line))")
            }
            headers.add(name, value)
            switch name.lowercased() {
            case "transfer-encoding":
                return .failure(status: 501, reason: "Transfer-Encoding is not supported; send a Content-Length body")
            case "content-length":
                // "5, 5" (a list) and repeated fields are allowed only when every length agrees.
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let text = item.trimmingSpacesAndTabs()
                    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                        return .failure(status: 400, reason: "invalid Content-Length \(Self.quoted(value))")
                    }
                    // Digits that overflow are a length far over any limit.
                    let length = Int(text) ?? Int.max
                    if let earlier = contentLength, earlier != length {
                        return .failure(status: 400, reason: "conflicting Content-Length values")
                    }
                    contentLength = length
                }
            case "expect":
                if value.lowercased() == "100-continue" { expectsContinue = true }
            default:
                break
            }
        }
        let bodyLength = contentLength ?? 0
        if bodyLength > maximumBodyBytes {
            return .failure(status: 413, reason: "request body of \(bodyLength) bytes exceeds the limit of \(maximumBodyBytes) bytes")
        }
        let request = HTTPRequest(method: method, target: target, version: version, headers: headers)
        // An HTTP/1.0 client has never heard of 100 Continue.
        return .head(request, bodyLength: bodyLength, expectsContinue: expectsContinue && bodyLength > 0 && version != "HTTP/1.0")
    }

    private enum RequestLine {
        case line(method: String, target: String, version: String)
        case failure(status: Int, reason: String)
    }

    private func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>) -> RequestLine {
        let space = UInt8(ascii: " ")
        let malformed = RequestLine.failure(status: 400, reason: "malformed request line \(Self.quoted(line))")
        guard let firstSpace = line.firstIndex(of: space) else { return malformed }
        guard let secondSpace = line[(firstSpace + 1)...].firstIndex(of: space) else { return malformed }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(Self.isTokenByte),
            !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return malformed }
        // HTTP-version = "HTTP/" DIGIT "." DIGIT
        let v = Array(versionBytes)
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard v.count == 8, v[0..<5].elementsEqual("HTTP/".utf8), isDigit(v[5]), v[6] == UInt8(ascii: "."), isDigit(v[7])
        else { return malformed }
        guard v[5] == UInt8(ascii: "1") else {
            return .failure(status: 505, reason: "HTTP version \(String(decoding: v[5...], as: UTF8.self)) is not supported; use HTTP/1.1")
        }
        return .line(
            method: String(decoding: methodBytes, as: UTF8.self),
            target: String(decoding: targetBytes, as: UTF8.self),
            version: String(decoding: v, as: UTF8.self)
        )
    }

    /// `name: value` with the value trimmed, or nil when the line is not a field.
    private func parseField(_ line: UnsafeBufferPointer<UInt8>) -> (String, String)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return nil }
        let nameBytes = line[..<colon]
        guard nameBytes.allSatisfy(Self.isTokenByte) else { return nil }
        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd, line[valueStart] == 0x20 || line[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let valueBytes = line[valueStart..<valueEnd]
        // Visible characters, spaces, tabs and obs-text; no other controls (a CR among them is a
        // bare CR).
        guard valueBytes.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }) else { return nil }
        return (String(decoding: nameBytes, as: UTF8.self), String(decoding: valueBytes, as: UTF8.self))
    }

    /// tchar from RFC 9110 §5.6.2.
    private static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// The first 80 bytes of `line`, quoted, with control bytes escaped, for an error reason.
    private static func quoted(_ line: some Collection<UInt8>) -> String {
        var text = "\""
        for b in line.prefix(80) {
            if b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                text.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                text += "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
            }
        }
        return text + (line.count > 80 ? "...\"" : "\"")
    }

    private static func quoted(_ text: String) -> String { quoted(Array(text.utf8)) }
}
