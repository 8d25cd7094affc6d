import Essentials

/// Checks one exported record's line without building it: that it is one JSON object (its syntax
/// checked by ``JSONParser/skipValue(in:from:depth:)`` member by member) and which of the
/// required fields (§6: `id`, `type`, `state`, `startTime`) it has with a value other than null.
/// Keys written with escapes take the general path (a full parse), so no key is misread.
struct RecordCheck: ~Copyable {
    private var parser = JSONParser()

    /// The first required field missing, nil when all are there.
    ///
    /// - Throws: `JSONParseError` when the line is not JSON; ``Problem/notAnObject`` when it is
    ///   JSON but not an object.
    mutating func missingField(in line: UnsafeRawBufferPointer) throws -> String? {
        var found: UInt8 = 0  // one bit per required field
        var i = Self.skipSpace(line, 0)
        guard i < line.count, line[i] == UInt8(ascii: "{") else { return try general(line) }
        i = Self.skipSpace(line, i + 1)
        if i < line.count, line[i] == UInt8(ascii: "}") { return try finish(line, i + 1, found) }
        while true {
            guard i < line.count, line[i] == UInt8(ascii: "\"") else { return try general(line) }
            var end = i + 1
            while end < line.count, line[end] != UInt8(ascii: "\"") {
                if line[end] == UInt8(ascii: "\\") || line[end] < 0x20 { return try general(line) }
                end += 1
            }
            guard end < line.count else { return try general(line) }
            let bit = Self.requiredBit(line, i + 1, end)
            i = Self.skipSpace(line, end + 1)
            guard i < line.count, line[i] == UInt8(ascii: ":") else { return try general(line) }
            i = Self.skipSpace(line, i + 1)
            if bit != 0, i < line.count, line[i] != UInt8(ascii: "n") { found |= bit }
            i = try parser.skipValue(in: line, from: i, depth: 1)
            i = Self.skipSpace(line, i)
            guard i < line.count else { return try general(line) }
            if line[i] == UInt8(ascii: ",") {
                i = Self.skipSpace(line, i + 1)
                continue
            }
            guard line[i] == UInt8(ascii: "}") else { return try general(line) }
            return try finish(line, i + 1, found)
        }
    }

    /// Why a line was refused.
    enum Problem: Error, CustomStringConvertible {
        case notAnObject(String)
        var description: String {
            switch self {
            case .notAnObject(let kind): return "it is \(kind), not an object"
            }
        }
    }

    private mutating func finish(_ line: UnsafeRawBufferPointer, _ after: Int, _ found: UInt8) throws -> String? {
        guard Self.skipSpace(line, after) == line.count else { return try general(line) }
        for (n, field) in ExportFileWriter.requiredFields.enumerated() where found & (1 << n) == 0 { return field }
        return nil
    }

    /// The full parse, for anything out of the ordinary; it also gives the exact error.
    private mutating func general(_ line: UnsafeRawBufferPointer) throws -> String? {
        let value = try parser.parse(line)
        guard let object = value.objectValue else { throw Problem.notAnObject(value.kindDescription) }
        return ExportFileWriter.missingField(in: object)
    }

    private static func requiredBit(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt8 {
        for (n, field) in ExportFileWriter.requiredFields.enumerated() {
            let utf8 = field.utf8
            guard utf8.count == end - start else { continue }
            if zip(utf8, line[start..<end]).allSatisfy({ $0 == $1 }) { return 1 << n }
        }
        return 0
    }

    private static func skipSpace(_ line: UnsafeRawBufferPointer, _ from: Int) -> Int {
        var i = from
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D || line[i] == 0x0A { i += 1 }
        return i
    }
}
