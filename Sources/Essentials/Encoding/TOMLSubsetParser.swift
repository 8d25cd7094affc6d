/// Reads the small part of TOML that tools' profile files use: `[table]` headers with plain or
/// quoted names, `key = value` lines with plain or quoted keys, basic (`"..."`, with TOML's
/// escapes) and literal (`'...'`) strings, `true`/`false`, whole numbers, `#` comments and blank
/// lines.
///
/// Everything else TOML allows (arrays, inline tables, multi-line strings, dotted keys and
/// table names, floats, dates) and everything TOML forbids (duplicate keys or tables,
/// unterminated strings, text after a value) is refused with a ``TOMLSubsetError`` naming the
/// line and the column. Errors never repeat a value's text.
public enum TOMLSubsetParser {
    /// Parses UTF-8 `bytes` (a leading byte-order mark and `\r\n` line ends are accepted).
    ///
    /// - Throws: ``TOMLSubsetError`` for the first line outside the subset.
    public static func parse(_ bytes: [UInt8]) throws(TOMLSubsetError) -> TOMLSubsetDocument {
        var builder = TOMLSubsetDocumentBuilder()
        var lineStart = 0
        var lineNumber = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineStart = 3 }
        while lineStart <= bytes.count {
            lineNumber += 1
            var lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            let next = lineEnd + 1
            if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            guard let scalars = decode(bytes[lineStart..<lineEnd]) else {
                throw TOMLSubsetError(line: lineNumber, column: 1, problem: .invalidUTF8)
            }
            var line = TOMLSubsetLineReader(scalars: scalars, number: lineNumber)
            try line.read(into: &builder)
            lineStart = next
        }
        return builder.document
    }

    /// Parses `text`.
    ///
    /// - Throws: ``TOMLSubsetError`` for the first line outside the subset.
    public static func parse(_ text: String) throws(TOMLSubsetError) -> TOMLSubsetDocument {
        try parse(Array(text.utf8))
    }

    /// The scalars of one line, or nil when its bytes are not UTF-8.
    private static func decode(_ bytes: ArraySlice<UInt8>) -> [Unicode.Scalar]? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: return scalars
            case .error: return nil
            }
        }
    }
}
