/// Writes ``JSONValue``s as UTF-8 bytes in three forms:
///
/// - **canonical**: RFC 8785 (JCS), as `contract.md` §8 defines chunk hashes: keys sorted by UTF-16
///   code units, no whitespace, minimal string escapes, ECMAScript number text;
/// - **compact**: no whitespace, keys in the value's own order, integers exact;
/// - **pretty**: two-space indentation, keys sorted (or in the value's own order), a trailing
///   newline: for files people read and edit.
public struct JSONWriter: ~Copyable {
    /// How a value is laid out.
    public enum Style: Sendable {
        case canonical
        case compact
        case pretty(sortedKeys: Bool)
    }

    /// The canonical (RFC 8785) bytes of `value`.
    public static func canonical(_ value: JSONValue) throws -> [UInt8] {
        var output: [UInt8] = []
        try append(value, style: .canonical, to: &output)
        return output
    }

    /// Appends the canonical (RFC 8785) bytes of `value` to `output`, which is left unchanged on error.
    public static func appendCanonical(_ value: JSONValue, to output: inout [UInt8]) throws {
        try append(value, style: .canonical, to: &output)
    }

    /// The compact bytes of `value`, keys in the value's own order.
    public static func compact(_ value: JSONValue) throws -> [UInt8] {
        var output: [UInt8] = []
        try append(value, style: .compact, to: &output)
        return output
    }

    /// The pretty-printed bytes of `value`, with a trailing newline.
    public static func pretty(_ value: JSONValue, sortedKeys: Bool = true) throws -> [UInt8] {
        var output: [UInt8] = []
        try append(value, style: .pretty(sortedKeys: sortedKeys), to: &output)
        return output
    }

    /// The value written in `style`, as a string.
    public static func string(_ value: JSONValue, style: Style) throws -> String {
        var output: [UInt8] = []
        try append(value, style: style, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `value` in `style` to `output` (pretty output ends with a newline); on error,
    /// `output` is left as it was.
    public static func append(_ value: JSONValue, style: Style, to output: inout [UInt8]) throws {
        var writer = JSONWriter(style: style)
        try writer.append(value, to: &output)
    }

    // MARK: - A writer to reuse

    /// A writer to reuse for many values (a stream of records): it keeps its buffer and the key
    /// orders it has sorted, so records of the same shape are written without sorting again.
    public init(style: Style) {
        sink = ByteSink(capacity: 4096)
        switch style {
        case .canonical: (canonical, sortsKeys, pretty) = (true, true, false)
        case .compact: (canonical, sortsKeys, pretty) = (false, false, false)
        case .pretty(let sorted): (canonical, sortsKeys, pretty) = (false, sorted, true)
        }
    }

    deinit { sink.release() }

    /// Appends `value` to `output` in this writer's style (pretty output ends with a newline); on
    /// error, `output` is left as it was.
    public mutating func append(_ value: JSONValue, to output: inout [UInt8]) throws {
        sink.count = 0
        try write(value, indent: 0)
        if pretty { sink.append(UInt8(ascii: "\n")) }
        output.append(contentsOf: sink.bytes)
    }

    // MARK: - Writing

    private var sink: ByteSink
    private let canonical: Bool
    private let sortsKeys: Bool
    private let pretty: Bool
    /// The last key order sorted for an object of each member count (up to 64): objects of one
    /// shape repeat from record to record, and checking a known order takes n - 1 comparisons
    /// where sorting takes about n²/4.
    private var knownOrders: [[Int]] = Array(repeating: [], count: 65)
    /// Key orders of the objects being written, outermost first.
    private var orderStack: [Int] = []

    private mutating func write(_ value: JSONValue, indent: Int) throws {
        switch value {
        case .null: sink.append(literal: "null")
        case .bool(true): sink.append(literal: "true")
        case .bool(false): sink.append(literal: "false")
        case .int(let i):
            if canonical && i.magnitude > 9_007_199_254_740_992 {
                // RFC 8785 numbers are IEEE doubles: a larger integer is written as its double.
                appendDouble(Double(i))
            } else {
                JSONWriter.appendInteger(i, to: &sink)
            }
        case .double(let d):
            guard d.isFinite else { throw JSONWriteError.nonFiniteNumber(path: "a number") }
            appendDouble(d)
        case .string(let s):
            JSONWriter.appendString(s, to: &sink)
        case .array(let elements):
            try writeArray(elements, indent: indent)
        case .object(let object):
            try writeObject(object.members, indent: indent)
        }
    }

    private mutating func appendDouble(_ d: Double) {
        var text: [UInt8] = []
        ECMAScriptNumber.append(d, to: &text)
        text.withUnsafeBufferPointer { sink.append($0) }
    }

    private mutating func writeArray(_ elements: [JSONValue], indent: Int) throws {
        sink.append(UInt8(ascii: "["))
        if elements.isEmpty {
            sink.append(UInt8(ascii: "]"))
            return
        }
        for i in elements.indices {
            if i > 0 { sink.append(UInt8(ascii: ",")) }
            if pretty { newline(indent + 1) }
            try write(elements[i], indent: indent + 1)
        }
        if pretty { newline(indent) }
        sink.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ members: [JSONObject.Member], indent: Int) throws {
        sink.append(UInt8(ascii: "{"))
        if members.isEmpty {
            sink.append(UInt8(ascii: "}"))
            return
        }
        try members.withUnsafeBufferPointer { members in
            if !sortsKeys || JSONWriter.isSortedByUTF16(members) {
                for i in members.indices {
                    try writeMember(members[i], first: i == 0, indent: indent)
                }
                return
            }
            let n = members.count
            if n < knownOrders.count, knownOrders[n].count == n, JSONWriter.isSortedByUTF16(members, order: knownOrders[n]) {
                for position in 0..<n {
                    try writeMember(members[knownOrders[n][position]], first: position == 0, indent: indent)
                }
                return
            }
            // The order goes on a stack shared by the nested objects, so sorting allocates nothing.
            let base = orderStack.count
            orderStack.append(contentsOf: repeatElement(0, count: n))
            defer { orderStack.removeLast(n) }
            // Insertion sort of indexes: objects are small, and often nearly sorted.
            for i in 0..<n {
                var j = i
                while j > 0 && JSONWriter.utf16Precedes(members[i].key, members[orderStack[base + j - 1]].key) {
                    orderStack[base + j] = orderStack[base + j - 1]
                    j -= 1
                }
                orderStack[base + j] = i
            }
            if n < knownOrders.count {
                if knownOrders[n].count == n {
                    for position in 0..<n { knownOrders[n][position] = orderStack[base + position] }
                } else {
                    knownOrders[n] = Array(orderStack[base..<(base + n)])
                }
            }
            for position in 0..<n {
                try writeMember(members[orderStack[base + position]], first: position == 0, indent: indent)
            }
        }
        if pretty { newline(indent) }
        sink.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    private mutating func writeMember(_ member: borrowing JSONObject.Member, first: Bool, indent: Int) throws {
        if !first { sink.append(UInt8(ascii: ",")) }
        if pretty { newline(indent + 1) }
        JSONWriter.appendString(member.key, to: &sink)
        sink.append(UInt8(ascii: ":"))
        if pretty { sink.append(UInt8(ascii: " ")) }
        try write(member.value, indent: indent + 1)
    }

    private mutating func newline(_ indent: Int) {
        sink.append(UInt8(ascii: "\n"))
        sink.append(repeating: UInt8(ascii: " "), count: indent * 2)
    }

    // MARK: - Key order

    private static func isSortedByUTF16(_ members: UnsafeBufferPointer<JSONObject.Member>, order: [Int]) -> Bool {
        var i = 1
        while i < order.count {
            if !utf16Precedes(members[order[i - 1]].key, members[order[i]].key) { return false }
            i += 1
        }
        return true
    }

    private static func isSortedByUTF16(_ members: UnsafeBufferPointer<JSONObject.Member>) -> Bool {
        var i = 1
        while i < members.count {
            if !utf16Precedes(members[i - 1].key, members[i].key) { return false }
            i += 1
        }
        return true
    }

    /// Whether `a` sorts before `b` by UTF-16 code units (RFC 8785 §3.2.3), computed on UTF-8.
    ///
    /// UTF-8 byte order is code point order. The two orders differ only where one string has a
    /// character from U+E000 to U+FFFF (UTF-8 lead byte 0xEE or 0xEF) and the other a supplementary
    /// character (lead 0xF0 to 0xF4) at the first difference: in UTF-16 the supplementary one comes
    /// first, since its surrogate (0xD800...) is smaller. Both sides share the prefix before the first
    /// differing byte, so that byte is a lead byte on both sides or a continuation byte on both.
    @inline(__always)
    public static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        if let result = a.utf8.withContiguousStorageIfAvailable({ ua in
            b.utf8.withContiguousStorageIfAvailable { ub in utf16Precedes(ua, ub) }
        }), let result {
            return result
        }
        return Array(a.utf8).withUnsafeBufferPointer { ua in
            Array(b.utf8).withUnsafeBufferPointer { ub in utf16Precedes(ua, ub) }
        }
    }

    @inline(__always)
    private static func utf16Precedes(_ ua: UnsafeBufferPointer<UInt8>, _ ub: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = min(ua.count, ub.count)
        var i = 0
        while i < n {
            let x = ua[i], y = ub[i]
            if x != y { return utf16Rank(x) < utf16Rank(y) }
            i += 1
        }
        return ua.count < ub.count
    }

    @inline(__always) private static func utf16Rank(_ byte: UInt8) -> UInt16 {
        // Lift the lead bytes of U+E000...U+FFFF above those of supplementary characters.
        (byte == 0xEE || byte == 0xEF) ? UInt16(byte) + 0x100 : UInt16(byte)
    }

    // MARK: - Strings and integers

    /// Appends `string` as a JSON string with minimal escapes (RFC 8785 §3.2.2.2).
    public static func appendString(_ string: String, to output: inout [UInt8]) {
        var sink = ByteSink(capacity: string.utf8.count + 16)
        appendString(string, to: &sink)
        output.append(contentsOf: sink.bytes)
        sink.release()
    }

    @inline(__always)
    static func appendString(_ string: String, to sink: inout ByteSink) {
        if string.utf8.withContiguousStorageIfAvailable({ appendString(utf8: $0, to: &sink) }) == nil {
            Array(string.utf8).withUnsafeBufferPointer { appendString(utf8: $0, to: &sink) }
        }
    }

    private static func appendString(utf8: UnsafeBufferPointer<UInt8>, to sink: inout ByteSink) {
        sink.append(UInt8(ascii: "\""))
        let count = utf8.count
        guard let start = utf8.baseAddress, count > 0 else {
            sink.append(UInt8(ascii: "\""))
            return
        }
        let raw = UnsafeRawPointer(start)
        var runStart = 0
        var i = 0
        while i < count {
            // Skip clean eight-byte words at once; most strings have nothing to escape.
            while i + 8 <= count && !SWAR.needsEscape(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
            }
            guard i < count else { break }
            let b = start[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C {
                i += 1
                continue
            }
            sink.append(start + runStart, count: i - runStart)
            sink.append(UInt8(ascii: "\\"))
            switch b {
            case 0x22: sink.append(0x22)
            case 0x5C: sink.append(0x5C)
            case 0x08: sink.append(UInt8(ascii: "b"))
            case 0x0C: sink.append(UInt8(ascii: "f"))
            case 0x0A: sink.append(UInt8(ascii: "n"))
            case 0x0D: sink.append(UInt8(ascii: "r"))
            case 0x09: sink.append(UInt8(ascii: "t"))
            default:
                sink.append(UInt8(ascii: "u"))
                sink.append(UInt8(ascii: "0"))
                sink.append(UInt8(ascii: "0"))
                sink.append(HexDigit.digit(b >> 4))
                sink.append(HexDigit.digit(b))
            }
            i += 1
            runStart = i
        }
        sink.append(start + runStart, count: count - runStart)
        sink.append(UInt8(ascii: "\""))
    }

    /// Appends the decimal digits of `value`.
    public static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        var sink = ByteSink(capacity: 24)
        appendInteger(value, to: &sink)
        output.append(contentsOf: sink.bytes)
        sink.release()
    }

    static func appendInteger(_ value: Int64, to sink: inout ByteSink) {
        if value >= 0 && value < 10 {
            sink.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            return
        }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var i = 20
            repeat {
                i -= 1
                buffer[i] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { sink.append(UInt8(ascii: "-")) }
            sink.append(buffer.baseAddress! + i, count: 20 - i)
        }
    }
}

extension ByteSink {
    @inline(__always) mutating func append(literal: StaticString) {
        append(literal.utf8Start, count: literal.utf8CodeUnitCount)
    }
}
