/// One line of a file ``TOMLSubsetParser`` reads, left to right.
struct TOMLSubsetLineReader {
    let scalars: [Unicode.Scalar]
    let number: Int
    var index = 0
    /// The key or `[table]` of the line, once read: named in errors found after it.
    var subject: String?

    init(scalars: [Unicode.Scalar], number: Int) {
        self.scalars = scalars
        self.number = number
    }

    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    func failure(_ problem: TOMLSubsetProblem, at position: Int? = nil) -> TOMLSubsetError {
        TOMLSubsetError(line: number, column: (position ?? index) + 1, subject: subject, problem: problem)
    }

    mutating func skipWhitespace() {
        while let scalar = current, scalar == " " || scalar == "\t" { index += 1 }
    }

    /// Whether only whitespace and an optional comment remain.
    mutating func atEndOrComment() -> Bool {
        skipWhitespace()
        return current == nil || current == "#"
    }

    mutating func read(into builder: inout TOMLSubsetDocumentBuilder) throws(TOMLSubsetError) {
        if atEndOrComment() { return }
        if current == "[" {
            try readTableHeader(into: &builder)
        } else {
            try readKeyValue(into: &builder)
        }
    }

    mutating func readTableHeader(into builder: inout TOMLSubsetDocumentBuilder) throws(TOMLSubsetError) {
        let start = index
        index += 1
        if current == "[" { throw failure(.arrayOfTables, at: start) }
        skipWhitespace()
        guard let name = try readKey() else { throw failure(.invalidTableHeader) }
        skipWhitespace()
        if current == "." { throw failure(.dottedTableName) }
        guard current == "]" else { throw failure(.invalidTableHeader) }
        index += 1
        // Named in errors only once the header is whole: a stray line is never echoed.
        subject = "[\(name)]"
        guard atEndOrComment() else { throw failure(.junkAfterTableHeader) }
        try builder.beginTable(name, line: number, column: start + 1)
    }

    mutating func readKeyValue(into builder: inout TOMLSubsetDocumentBuilder) throws(TOMLSubsetError) {
        let start = index
        guard let key = try readKey() else { throw failure(.expectedKey) }
        skipWhitespace()
        if current == "." { throw failure(.dottedKey) }
        guard current == "=" else { throw failure(.expectedEquals) }
        index += 1
        // Named in errors only once `=` shows it is a key: a pasted secret alone on a line is
        // never echoed.
        subject = key
        skipWhitespace()
        let value = try readValue()
        guard atEndOrComment() else { throw failure(.junkAfterValue) }
        try builder.add(key, value, line: number, column: start + 1)
    }

    // MARK: Keys

    /// A bare key (`A-Z a-z 0-9 _ -`) or a quoted one; nil when there is none here.
    mutating func readKey() throws(TOMLSubsetError) -> String? {
        switch current {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw failure(.expectedKey) }
            return try readBasicString()
        case "'":
            if peek(1) == "'" && peek(2) == "'" { throw failure(.expectedKey) }
            return try readLiteralString()
        default:
            var key = String.UnicodeScalarView()
            while let scalar = current, Self.isBareKeyScalar(scalar) {
                key.append(scalar)
                index += 1
            }
            return key.isEmpty ? nil : String(key)
        }
    }

    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    // MARK: Values

    mutating func readValue() throws(TOMLSubsetError) -> TOMLSubsetValue {
        guard let first = current, first != "#" else { throw failure(.missingValue) }
        switch first {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw failure(.unsupportedValue(kind: "a multi-line string")) }
            return .string(try readBasicString())
        case "'":
            if peek(1) == "'" && peek(2) == "'" { throw failure(.unsupportedValue(kind: "a multi-line string")) }
            return .string(try readLiteralString())
        case "[":
            throw failure(.unsupportedValue(kind: "an array"))
        case "{":
            throw failure(.unsupportedValue(kind: "an inline table"))
        default:
            return try readBareValue()
        }
    }

    /// `true`, `false`, a whole number, or the refusal of a float, a date or a bare word.
    mutating func readBareValue() throws(TOMLSubsetError) -> TOMLSubsetValue {
        let start = index
        var token = ""
        while let scalar = current, scalar != " ", scalar != "\t", scalar != "#" {
            token.unicodeScalars.append(scalar)
            index += 1
        }
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default: break
        }
        let unsigned = token.hasPrefix("+") || token.hasPrefix("-") ? String(token.dropFirst()) : token
        if unsigned == "inf" || unsigned == "nan" {
            throw failure(.unsupportedValue(kind: "a floating-point number"), at: start)
        }
        guard let lead = unsigned.unicodeScalars.first, ("0"..."9").contains(lead) else {
            throw failure(.invalidValue, at: start)
        }
        if Self.looksLikeDateOrTime(token) {
            throw failure(.unsupportedValue(kind: "a date or time"), at: start)
        }
        let isRadixPrefixed = token.hasPrefix("0x") || token.hasPrefix("0o") || token.hasPrefix("0b")
        if !isRadixPrefixed, unsigned.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            throw failure(.unsupportedValue(kind: "a floating-point number"), at: start)
        }
        guard let number = Self.integer(token) else { throw failure(.invalidInteger, at: start) }
        return .integer(number)
    }

    /// `1979-05-27...` or `07:32:00...`: TOML's dates and times start with four digits and `-`, or
    /// two digits and `:`.
    static func looksLikeDateOrTime(_ token: String) -> Bool {
        let scalars = Array(token.unicodeScalars)
        func digits(_ count: Int) -> Bool {
            scalars.count > count && scalars[0..<count].allSatisfy { ("0"..."9").contains($0) }
        }
        return (digits(4) && scalars[4] == "-") || (digits(2) && scalars[2] == ":")
    }

    /// A TOML integer: decimal with an optional sign and no leading zero, or unsigned `0x`, `0o`,
    /// `0b`; underscores only between digits. Nil when invalid or outside `Int64`.
    static func integer(_ token: String) -> Int64? {
        var text = Substring(token)
        var radix = 10
        var negative = false
        if text.hasPrefix("0x") { radix = 16; text = text.dropFirst(2) }
        else if text.hasPrefix("0o") { radix = 8; text = text.dropFirst(2) }
        else if text.hasPrefix("0b") { radix = 2; text = text.dropFirst(2) }
        else if let sign = text.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            text = text.dropFirst()
        }
        guard let first = text.first, let last = text.last, first != "_", last != "_", !text.contains("__") else { return nil }
        let digits = text.filter { $0 != "_" }
        if radix == 10, digits.count > 1, digits.first == "0" { return nil }
        guard let magnitude = UInt64(digits, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    // MARK: Strings

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    /// `"..."` from the opening quote at `index`; leaves `index` after the closing quote.
    mutating func readBasicString() throws(TOMLSubsetError) -> String {
        let open = index
        index += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = current else { throw failure(.unterminatedString, at: open) }
            switch scalar {
            case "\"":
                index += 1
                return String(text)
            case "\\":
                text.append(try readEscape())
            default:
                if Self.isControl(scalar) { throw failure(.controlCharacter) }
                text.append(scalar)
                index += 1
            }
        }
    }

    /// One escape from the backslash at `index`.
    mutating func readEscape() throws(TOMLSubsetError) -> Unicode.Scalar {
        let backslash = index
        index += 1
        guard let letter = current else { throw failure(.unterminatedString, at: backslash) }
        index += 1
        switch letter {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = letter == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = current, digit.isASCII, let nibble = HexDigit.value(UInt8(digit.value)) else {
                    throw failure(.invalidEscape, at: backslash)
                }
                value = value << 4 | UInt32(nibble)
                index += 1
            }
            guard let scalar = Unicode.Scalar(value) else { throw failure(.invalidEscape, at: backslash) }
            return scalar
        default:
            throw failure(.invalidEscape, at: backslash)
        }
    }

    /// `'...'` from the opening quote at `index`; leaves `index` after the closing quote.
    mutating func readLiteralString() throws(TOMLSubsetError) -> String {
        let open = index
        index += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = current else { throw failure(.unterminatedString, at: open) }
            if scalar == "'" {
                index += 1
                return String(text)
            }
            if Self.isControl(scalar) { throw failure(.controlCharacter) }
            text.append(scalar)
            index += 1
        }
    }
}
