import Essentials

/// One planned chunk of a window (contract §7.5): up to the chunk size of the window's
/// transformed records, in `externalId` order, and the SHA-256 of its request body (§8).
public struct ImportChunk: Sendable {
    public let window: String
    /// Position in the window's plan (0-based).
    public let index: Int
    /// SHA-256 (lower-case hex) of ``body(excluding:)`` with nothing excluded.
    public let hash: String
    /// The records' lines: canonical JSON, as the transform wrote them.
    let lines: [ArraySlice<UInt8>]

    init(window: String, index: Int, lines: [ArraySlice<UInt8>], schemaVersion: String) {
        self.window = window
        self.index = index
        self.lines = lines
        hash = SHA256.hash(Self.body(lines, schemaVersion: schemaVersion)).hex
    }

    /// How many records the chunk holds.
    public var records: Int { lines.count }

    /// The request body without the records at `excluded` (positions in the chunk): the
    /// canonical form of `{"allowDuplicates":false,"interactions":[...],"schemaVersion":"v2.1"}`,
    /// made from the lines' bytes (already canonical, so nothing is serialised again).
    func body(excluding excluded: Set<Int> = [], schemaVersion: String) -> [UInt8] {
        Self.body(lines.enumerated().lazy.filter { !excluded.contains($0.offset) }.map(\.element), schemaVersion: schemaVersion)
    }

    static func body(_ lines: some Sequence<ArraySlice<UInt8>>, schemaVersion: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.underestimatedCount * 700 + 96)
        out += Array(#"{"allowDuplicates":false,"interactions":["#.utf8)
        var first = true
        for line in lines {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out += line
        }
        out += Array(#"],"schemaVersion":"#.utf8)
        JSONWriter.appendString(schemaVersion, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
