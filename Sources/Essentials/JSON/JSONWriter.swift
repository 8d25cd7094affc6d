/// Writes ``JSONValue``s as UTF-8 bytes in three forms:
///
/// - **canonical**: RFC 8785 (JCS), as `contract.md` §8 defines chunk hashes: keys sorted by UTF-16
///   code units, no whitespace, minimal string escapes, ECMAScript number text;
/// - **compact**: no whitespace, keys in the value's own order, integers exact;
/// - **pretty**: two-space indentation, keys sorted (or in the value's own order), a trailing
///   newline: for files people read and edit.
public struct JSONWriter {
    /// How a value is laid out.
    public enum Style: Sendable {
        case canonical
        case compact
        case pretty(sortedKeys: Bool)
    }

    /// The canonical (RFC 8785) bytes of `value`.
    public static func canonical(_ value: JSONValue) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        try appendCanonical(value, to: &output)
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
        output.append(UInt8(ascii: "\n"))
        return output
    }

    /// The value written in `style`, as a string.
    public static func string(_ value: JSONValue, style: Style) throws -> String {
        var output: [UInt8] = []
        try append(value, style: style, to: &output)
        if case .pretty = style { output.append(UInt8(ascii: "\n")) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `value` in `style` to `output`; on error, `output` is restored to what it was.
    public static func append(_ value: JSONValue, style: Style, to output: inout [UInt8]) throws {
        let mark = output.count
        var writer = JSONWriter(output: output, style: style)
        output = []  // hand the storage over, so the writer appends without copying
        do {
            try writer.write(value, indent: 0)
            output = writer.output
        } catch {
            output = writer.output
            output.removeSubrange(mark...)
            throw error
        }
    }

    // MARK: - Writing

    private var output: [UInt8]
    private let style: Style

    private init(output: [UInt8], style: Style) {
        self.output = output
        self.style = style
    }

    private mutating func write(_ value: JSONValue, indent: Int) throws {
        switch value {
        case .null: output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(true): output.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        case .bool(false): output.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        case .int(let i):
            if case .canonical = style, i.magnitude > 9_007_199_254_740_992 {
                // RFC 8785 numbers are IEEE doubles: a larger integer is written as its double.
                ECMAScriptNumber.append(Double(i), to: &output)
            } else {
                JSONWriter.appendInteger(i, to: &output)
            }
        case .double(let d):
            guard ECMAScriptNumber.append(d, to: &output) else {
                throw JSONWriteError.nonFiniteNumber(path: "a number")
            }
        case .string(let s):
            JSONWriter.appendString(s, to: &output)
        case .array(let elements):
            try writeArray(elements, indent: indent)
        case .object(let object):
            try writeObject(object, indent: indent)
        }
    }

    private mutating func writeArray(_ elements: [JSONValue], indent: Int) throws {
        output.append(UInt8(ascii: "["))
        if elements.isEmpty {
            output.append(UInt8(ascii: "]"))
            return
        }
        let pretty = isPretty
        for (i, element) in elements.enumerated() {
            if i > 0 { output.append(UInt8(ascii: ",")) }
            if pretty { newline(indent + 1) }
            try write(element, indent: indent + 1)
        }
        if pretty { newline(indent) }
        output.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: JSONObject, indent: Int) throws {
        output.append(UInt8(ascii: "{"))
        if object.isEmpty {
            output.append(UInt8(ascii: "}"))
            return
        }
        let pretty = isPretty
        let members = object.members
        var order = Array(members.indices)
        switch style {
        case .canonical, .pretty(sortedKeys: true):
            if !JSONWriter.isSortedByUTF16(members) {
                order.sort { JSONWriter.utf16Precedes(members[$0].key, members[$1].key) }
            }
        default:
            break
        }
        var first = true
        for i in order {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            if pretty { newline(indent + 1) }
            JSONWriter.appendString(members[i].key, to: &output)
            output.append(UInt8(ascii: ":"))
            if pretty { output.append(UInt8(ascii: " ")) }
            try write(members[i].value, indent: indent + 1)
        }
        if pretty { newline(indent) }
        output.append(UInt8(ascii: "}"))
    }

    private var isPretty: Bool {
        if case .pretty = style { return true }
        return false
    }

    private mutating func newline(_ indent: Int) {
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    // MARK: - Pieces shared with other writers

    private static func isSortedByUTF16(_ members: [JSONObject.Member]) -> Bool {
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
    public static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { ua in
            b.withUTF8 { ub in
                let n = min(ua.count, ub.count)
                var i = 0
                while i < n {
                    let x = ua[i], y = ub[i]
                    if x != y {
                        return utf16Rank(x) < utf16Rank(y)
                    }
                    i += 1
                }
                return ua.count < ub.count
            }
        }
    }

    @inline(__always) private static func utf16Rank(_ byte: UInt8) -> UInt16 {
        // Lift the lead bytes of U+E000...U+FFFF above those of supplementary characters.
        (byte == 0xEE || byte == 0xEF) ? UInt16(byte) + 0x100 : UInt16(byte)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `string` as a JSON string with minimal escapes (RFC 8785 §3.2.2.2).
    public static func appendString(_ string: String, to output: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in
            output.append(UInt8(ascii: "\""))
            var runStart = 0
            var i = 0
            let count = utf8.count
            while i < count {
                let b = utf8[i]
                if b >= 0x20 && b != 0x22 && b != 0x5C {
                    i += 1
                    continue
                }
                if runStart < i { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                output.append(UInt8(ascii: "\\"))
                switch b {
                case 0x22: output.append(0x22)
                case 0x5C: output.append(0x5C)
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                default:
                    output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                               hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]])
                }
                i += 1
                runStart = i
            }
            if runStart < count { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
            output.append(UInt8(ascii: "\""))
        }
    }

    /// Appends the decimal digits of `value`.
    public static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        if value >= 0 && value < 10 {
            output.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
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
            if value < 0 { output.append(UInt8(ascii: "-")) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<20]))
        }
    }
}
