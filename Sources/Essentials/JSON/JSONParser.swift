#if canImport(Glibc)
import Glibc
#endif

/// A strict RFC 8259 JSON parser over UTF-8 bytes, independent of Foundation.
///
/// - Rejects anything RFC 8259 does not allow: comments, trailing commas, leading zeros, invalid
///   UTF-8, unpaired surrogate escapes, control characters inside strings, a byte-order mark.
/// - Nesting deeper than ``maximumDepth`` is an error, never a stack overflow.
/// - Integers that fit in `Int64` stay exact; numbers that would overflow a `Double` are refused.
/// - A key repeated within one object keeps its last value (at the position of its first occurrence).
///
/// A parser value can be kept and reused for many texts (JSON Lines): it keeps its working stacks,
/// so parsing a record allocates only the record's own strings, arrays and objects.
public struct JSONParser: ~Copyable {
    /// The default nesting limit: arrays and objects inside each other.
    public static let defaultMaximumDepth = 512

    /// Parses one JSON text with a fresh parser. Whitespace around the value is allowed; anything
    /// else after it is an error.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int = defaultMaximumDepth) throws -> JSONValue {
        var parser = JSONParser(maximumDepth: maximumDepth)
        return try parser.parse(bytes)
    }

    /// Parses one JSON text held in any contiguous byte collection (`[UInt8]`, `ArraySlice`, `Data`...).
    public static func parse<Bytes: Collection>(_ bytes: Bytes, maximumDepth: Int = defaultMaximumDepth) throws -> JSONValue
    where Bytes.Element == UInt8 {
        if let result = try bytes.withContiguousStorageIfAvailable({ buffer in
            try parse(UnsafeRawBufferPointer(buffer), maximumDepth: maximumDepth)
        }) {
            return result
        }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { try parse($0, maximumDepth: maximumDepth) }
    }

    /// Parses one JSON text given as a string.
    public static func parse(_ text: String, maximumDepth: Int = defaultMaximumDepth) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse(UnsafeRawBufferPointer($0), maximumDepth: maximumDepth) }
    }

    /// A parser to reuse for many texts.
    public init(maximumDepth: Int = JSONParser.defaultMaximumDepth) {
        self.maximumDepth = maximumDepth
        values = .allocate(capacity: valueCapacity)
        keys = .allocate(capacity: keyCapacity)
        keySpans = .allocate(capacity: keyCapacity)
    }

    deinit {
        values.deinitialize(count: valueCount)
        keys.deinitialize(count: keyCount)
        values.deallocate()
        keys.deallocate()
        keySpans.deallocate()
    }

    /// Parses one JSON text. On error, the parser is ready for the next text.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        self.bytes = bytes
        count = bytes.count
        position = 0
        depth = 0
        defer {
            // After an error, values of unfinished containers are still on the stacks.
            values.deinitialize(count: valueCount)
            keys.deinitialize(count: keyCount)
            valueCount = 0
            keyCount = 0
            self.bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return try parseDocument()
    }

    /// Moves past the JSON value at `offset` of `bytes` (after any whitespace) without building
    /// it, and checks it as a skipped top-level member is checked: its syntax, escapes and control
    /// characters, not the UTF-8 of its strings. `depth` is how deeply the value is nested already
    /// (1 for a member of the top-level object), counted against the parser's maximum depth.
    ///
    /// - Returns: the offset just after the value.
    /// - Throws: ``JSONParseError`` at the first problem, with its offset in `bytes`.
    public mutating func skipValue(in bytes: UnsafeRawBufferPointer, from offset: Int, depth: Int) throws -> Int {
        self.bytes = bytes
        count = bytes.count
        position = offset
        self.depth = depth
        defer {
            self.bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            self.depth = 0
        }
        skipWhitespace()
        try skipValue()
        return position
    }

    // MARK: - State

    private var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    private var count = 0
    private var position = 0
    private let maximumDepth: Int
    private var depth = 0
    /// Values of the arrays and objects being built, innermost last. A finished container moves its
    /// slice out into an array of its exact size: no copies, no reference counting.
    private var values: UnsafeMutablePointer<JSONValue>
    private var valueCount = 0
    private var valueCapacity = 64
    /// Keys of the objects being built, with where each sits in the text (offset, length), or a
    /// length of -1 when the key had escapes; duplicate keys are found by comparing those bytes.
    private var keys: UnsafeMutablePointer<String>
    private var keySpans: UnsafeMutablePointer<(Int, Int)>
    private var keyCount = 0
    private var keyCapacity = 32
    /// Decoded bytes of a string that has escapes.
    private var scratch: [UInt8] = []
    /// Set by parseString: whether the last string had escapes.
    private var lastStringHadEscapes = false
    /// UTF-8 bytes of the top-level keys whose values are skipped.
    private var skippedKeyBytes: [[UInt8]] = []

    /// Members of the top-level object that are checked for JSON syntax but not built: a caller
    /// that will drop them anyway (the transform drops transcripts and media) saves the work.
    /// Their strings' escapes are checked, but their text is not decoded or checked for UTF-8.
    public var skippedTopLevelKeys: [String] {
        get { skippedKeyBytes.map { String(decoding: $0, as: UTF8.self) } }
        set { skippedKeyBytes = newValue.map { Array($0.utf8) } }
    }

    @inline(__always) private func byte(at index: Int) -> UInt8 {
        bytes.load(fromByteOffset: index, as: UInt8.self)
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, reason: reason)
    }

    private func describeByte(at index: Int) -> String {
        guard index < count else { return "end of the text" }
        let b = byte(at: index)
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x\(b < 16 ? "0" : "")\(hex)"
    }

    @inline(__always) private mutating func pushValue(_ value: consuming JSONValue) {
        if valueCount == valueCapacity {
            let bigger = UnsafeMutablePointer<JSONValue>.allocate(capacity: valueCapacity * 2)
            bigger.moveInitialize(from: values, count: valueCount)
            values.deallocate()
            values = bigger
            valueCapacity *= 2
        }
        (values + valueCount).initialize(to: value)
        valueCount += 1
    }

    @inline(__always) private mutating func pushKey(_ key: consuming String, span: (Int, Int)) {
        if keyCount == keyCapacity {
            let bigger = UnsafeMutablePointer<String>.allocate(capacity: keyCapacity * 2)
            bigger.moveInitialize(from: keys, count: keyCount)
            keys.deallocate()
            keys = bigger
            let biggerSpans = UnsafeMutablePointer<(Int, Int)>.allocate(capacity: keyCapacity * 2)
            biggerSpans.moveInitialize(from: keySpans, count: keyCount)
            keySpans.deallocate()
            keySpans = biggerSpans
            keyCapacity *= 2
        }
        (keys + keyCount).initialize(to: key)
        keySpans[keyCount] = span
        keyCount += 1
    }

    /// One of 64 bits for the key at `span` (offset, length), from its length and three of its bytes.
    @inline(__always) private func keyFilterBit(_ span: (Int, Int)) -> UInt64 {
        let (offset, length) = span
        guard length > 0 else { return 1 }
        var h = UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9
        h ^= UInt64(byte(at: offset)) &* 0x85EB_CA6B
        h ^= UInt64(byte(at: offset + length - 1)) &* 0xC2B2_AE35
        h ^= UInt64(byte(at: offset + length / 2)) &* 0x27D4_EB2F
        return 1 << ((h ^ (h >> 17) ^ (h >> 29)) & 63)
    }

    /// The index (from `keyBase`) of an earlier key of this object equal to the key at `span`/`key`.
    private func indexOfEarlierKey(_ key: String, span: (Int, Int), from keyBase: Int) -> Int? {
        var i = keyBase
        while i < keyCount {
            let other = keySpans[i]
            if span.1 >= 0 && other.1 >= 0 {
                if other.1 == span.1 && memcmp(bytes.baseAddress! + other.0, bytes.baseAddress! + span.0, span.1) == 0 {
                    return i
                }
            } else if JSONObject.sameKey(keys[i], key) {
                return i
            }
            i += 1
        }
        return nil
    }

    // MARK: - Structure

    private mutating func parseDocument() throws -> JSONValue {
        skipWhitespace()
        guard position < count else { throw fail("the text is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        guard position == count else {
            throw fail("unexpected \(describeByte(at: position)) after the JSON value")
        }
        return value
    }

    @inline(__always) private mutating func skipWhitespace() {
        while position < count {
            switch byte(at: position) {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> JSONValue {
        guard position < count else { throw fail("unexpected end of the text; expected a value") }
        switch byte(at: position) {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: throw fail("unexpected \(describeByte(at: position)); expected a value")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let n = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        guard position + n <= count else { throw fail("unexpected end of the text inside '\(literal)'") }
        for i in 0..<n where byte(at: position + i) != start[i] {
            throw fail("invalid literal; expected '\(literal)'", at: position + i)
        }
        position += n
    }

    private mutating func enter() throws {
        depth += 1
        if depth > maximumDepth {
            throw fail("nesting deeper than \(maximumDepth) levels")
        }
    }

    private mutating func parseArray() throws -> JSONValue {
        try enter()
        position += 1  // [
        skipWhitespace()
        if position < count && byte(at: position) == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array([])
        }
        let base = valueCount
        while true {
            skipWhitespace()
            pushValue(try parseValue())
            if try nextElementFollows(close: UInt8(ascii: "]")) { continue } else { break }
        }
        let n = valueCount - base
        var elements: [JSONValue] = []
        elements.reserveCapacity(n)
        for i in 0..<n { elements.append((values + base + i).move()) }
        valueCount = base
        depth -= 1
        return .array(elements)
    }

    private mutating func parseObject() throws -> JSONValue {
        try enter()
        position += 1  // {
        skipWhitespace()
        if position < count && byte(at: position) == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject())
        }
        // Keys and values of this object sit at the same offsets above their two bases.
        let base = valueCount
        let keyBase = keyCount
        var seenKeys: UInt64 = 0
        var sawEscapedKey = false
        while true {
            skipWhitespace()
            guard position < count, byte(at: position) == UInt8(ascii: "\"") else {
                throw fail("unexpected \(describeByte(at: position)) in an object; expected a string key")
            }
            let keyStart = position + 1
            let key = try parseString()
            let span = (keyStart, lastStringHadEscapes ? -1 : position - 1 - keyStart)
            skipWhitespace()
            guard position < count, byte(at: position) == UInt8(ascii: ":") else {
                throw fail("unexpected \(describeByte(at: position)) after an object key; expected ':'")
            }
            position += 1
            skipWhitespace()
            if depth == 1 && !skippedKeyBytes.isEmpty && span.1 >= 0 && isSkippedKey(span) {
                try skipValue()
                if try nextElementFollows(close: UInt8(ascii: "}")) { continue } else { break }
            }
            let value = try parseValue()
            // Look for an earlier equal key only when this key's bit in the object's small Bloom
            // filter is taken (or a key had escapes): objects seldom repeat a key.
            let bit = span.1 >= 0 ? keyFilterBit(span) : ~UInt64(0)
            let mayRepeat = seenKeys & bit != 0 || sawEscapedKey
            seenKeys |= bit
            if span.1 < 0 { sawEscapedKey = true }
            if mayRepeat, let earlier = indexOfEarlierKey(key, span: span, from: keyBase) {
                // Last one wins: a repeated key overwrites the earlier value where it stands.
                values[base + earlier - keyBase] = value
            } else {
                pushKey(key, span: span)
                pushValue(value)
            }
            if try nextElementFollows(close: UInt8(ascii: "}")) { continue } else { break }
        }
        let n = valueCount - base
        var members: [JSONObject.Member] = []
        members.reserveCapacity(n)
        for i in 0..<n {
            members.append(JSONObject.Member(key: (keys + keyBase + i).move(), value: (values + base + i).move()))
        }
        valueCount = base
        keyCount = keyBase
        depth -= 1
        return .object(JSONObject(uniqueMembers: members))
    }

    /// After an element of an array or object: true for `,` (another element follows), false for
    /// the closing bracket `close`; anything else is an error.
    private mutating func nextElementFollows(close: UInt8) throws -> Bool {
        skipWhitespace()
        guard position < count else {
            throw fail("unexpected end of the text inside \(Self.containerName(close)); expected ',' or '\(Character(Unicode.Scalar(close)))'")
        }
        let b = byte(at: position)
        position += 1
        if b == UInt8(ascii: ",") { return true }
        if b == close { return false }
        throw fail("unexpected \(describeByte(at: position - 1)) in \(Self.containerName(close)); expected ',' or '\(Character(Unicode.Scalar(close)))'",
                   at: position - 1)
    }

    private static func containerName(_ close: UInt8) -> String {
        close == UInt8(ascii: "]") ? "an array" : "an object"
    }

    // MARK: - Skipping

    private func isSkippedKey(_ span: (Int, Int)) -> Bool {
        for key in skippedKeyBytes where key.count == span.1 {
            if key.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress! + span.0, span.1) }) == 0 { return true }
        }
        return false
    }

    /// Checks one value's syntax and moves past it without building it.
    private mutating func skipValue() throws {
        guard position < count else { throw fail("unexpected end of the text; expected a value") }
        switch byte(at: position) {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = byte(at: position) == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            try enter()
            position += 1
            skipWhitespace()
            if position < count && byte(at: position) == close {
                position += 1
                depth -= 1
                return
            }
            while true {
                skipWhitespace()
                if isObject {
                    guard position < count, byte(at: position) == UInt8(ascii: "\"") else {
                        throw fail("unexpected \(describeByte(at: position)) in an object; expected a string key")
                    }
                    try skipString()
                    skipWhitespace()
                    guard position < count, byte(at: position) == UInt8(ascii: ":") else {
                        throw fail("unexpected \(describeByte(at: position)) after an object key; expected ':'")
                    }
                    position += 1
                    skipWhitespace()
                }
                try skipValue()
                if try nextElementFollows(close: close) { continue } else { break }
            }
            depth -= 1
        default:
            _ = try parseValue()  // a number or a literal: nothing is allocated
        }
    }

    /// Moves past a string, checking its escapes and that it has no raw control characters.
    private mutating func skipString() throws {
        let open = position
        position += 1
        while position < count {
            while position + 8 <= count && !SWAR.needsEscape(bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)) {
                position += 8
            }
            guard position < count else { break }
            let b = byte(at: position)
            if b == UInt8(ascii: "\"") {
                position += 1
                return
            }
            if b < 0x20 { throw fail("unescaped control character \(describeByte(at: position)) in a string; escape it") }
            if b == UInt8(ascii: "\\") {
                position += 1
                guard position < count else { break }
                switch byte(at: position) {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    position += 1
                    _ = try parseHex4()
                default:
                    throw fail("invalid escape '\\\(describeByte(at: position))' in a string", at: position - 1)
                }
                continue
            }
            position += 1
        }
        throw fail("unterminated string", at: open)
    }

    // MARK: - Strings

    private mutating func parseString() throws -> String {
        let open = position
        position += 1  // "
        let start = position
        var sawNonASCII = false
        lastStringHadEscapes = false
        // Fast path: no escapes. Skip clean eight-byte words at once.
        while position < count {
            while position + 8 <= count {
                let word = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                if SWAR.needsEscape(word) { break }
                if SWAR.hasNonASCII(word) { sawNonASCII = true }
                position += 8
            }
            guard position < count else { break }
            let b = byte(at: position)
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return try makeString(slice, validate: sawNonASCII, offset: start)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("unescaped control character \(describeByte(at: position)) in a string; escape it") }
            if b >= 0x80 { sawNonASCII = true }
            position += 1
        }
        guard position < count else { throw fail("unterminated string", at: open) }
        // Slow path: copy what we have, then decode escapes.
        lastStringHadEscapes = true
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while position < count {
            let b = byte(at: position)
            if b == UInt8(ascii: "\"") {
                position += 1
                return try scratch.withUnsafeBytes { try makeString($0, validate: sawNonASCII, offset: start) }
            }
            if b < 0x20 { throw fail("unescaped control character \(describeByte(at: position)) in a string; escape it") }
            if b >= 0x80 { sawNonASCII = true }
            if b != UInt8(ascii: "\\") {
                scratch.append(b)
                position += 1
                continue
            }
            position += 1
            guard position < count else { break }
            let e = byte(at: position)
            position += 1
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard position + 1 < count, byte(at: position) == UInt8(ascii: "\\"), byte(at: position + 1) == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate escape \\u\(String(scalar, radix: 16)) in a string", at: position - 6)
                    }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw fail("invalid low surrogate escape \\u\(String(low, radix: 16)) in a string", at: position - 6)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("unpaired surrogate escape \\u\(String(scalar, radix: 16)) in a string", at: position - 6)
                }
                appendUTF8(scalar)
            default:
                throw fail("invalid escape '\\\(describeByte(at: position - 1))' in a string", at: position - 2)
            }
        }
        throw fail("unterminated string", at: open)
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard position + 4 <= count else { throw fail("incomplete \\u escape in a string") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = byte(at: position)
            guard let digit = HexDigit.value(b).map(UInt32.init) else {
                throw fail("invalid hex digit \(describeByte(at: position)) in a \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | (scalar >> 6)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | (scalar >> 12)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            scratch.append(UInt8(0xF0 | (scalar >> 18)))
            scratch.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    private func makeString(_ utf8: UnsafeRawBufferPointer, validate: Bool, offset: Int) throws -> String {
        let units = utf8.assumingMemoryBound(to: UInt8.self)
        if !validate {
            return String(decoding: units, as: UTF8.self)
        }
        guard let string = String(validating: units, as: UTF8.self) else {
            throw fail("invalid UTF-8 in a string; the file must be UTF-8", at: offset)
        }
        return string
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws -> JSONValue {
        let start = position
        var negative = false
        if byte(at: position) == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < count else { throw fail("a number needs digits after '-'") }
        let intStart = position
        let first = byte(at: position)
        if first == UInt8(ascii: "0") {
            position += 1
            if position < count, isDigit(byte(at: position)) {
                throw fail("a number cannot have a leading zero", at: start)
            }
        } else if isDigit(first) {
            while position < count && isDigit(byte(at: position)) { position += 1 }
        } else {
            throw fail("unexpected \(describeByte(at: position)) in a number; expected a digit")
        }
        let intEnd = position
        var isInteger = true
        if position < count && byte(at: position) == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < count, isDigit(byte(at: position)) else {
                throw fail("a number needs digits after '.'")
            }
            while position < count && isDigit(byte(at: position)) { position += 1 }
        }
        if position < count && (byte(at: position) | 0x20) == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < count && (byte(at: position) == UInt8(ascii: "+") || byte(at: position) == UInt8(ascii: "-")) {
                position += 1
            }
            guard position < count, isDigit(byte(at: position)) else {
                throw fail("a number needs digits in its exponent")
            }
            while position < count && isDigit(byte(at: position)) { position += 1 }
        }
        if isInteger && intEnd - intStart <= 18 {
            // Up to 18 digits always fit in Int64.
            var value: Int64 = 0
            for i in intStart..<intEnd { value = value &* 10 &+ Int64(byte(at: i) &- 0x30) }
            return .int(negative ? -value : value)
        }
        if isInteger, let exact = Int64(asciiDigits: bytes, from: start, to: position) {
            return .int(exact)
        }
        let value = try parseDouble(from: start, to: position)
        return .double(value)
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    private func parseDouble(from start: Int, to end: Int) throws -> Double {
        // strtod is correctly rounded; give it a NUL-terminated copy of just this number.
        let length = end - start
        let value: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for i in 0..<length { buffer[i] = CChar(bitPattern: byte(at: start + i)) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
        guard value.isFinite else {
            throw fail("number is too large for a 64-bit floating-point value", at: start)
        }
        return value
    }
}

extension Int64 {
    /// Parses `-?[0-9]+` from raw bytes exactly, or returns nil when the value doesn't fit.
    fileprivate init?(asciiDigits bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value: Int64 = 0
        while i < end {
            let digit = Int64(bytes[i] &- 0x30)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        self = value
    }
}
