import Essentials
#if canImport(Glibc)
import Glibc
#endif

/// Writes one window's exported records to its file as they arrive, verifying them on the way:
/// each record parses and has the fields a complete record needs (contract §6: `id`, `type`,
/// `state`, `startTime`), and the count and the SHA-256 of the file are taken while the bytes go
/// by. The body may be JSON Lines or one JSON array (§7.1 `json`); the file is always JSON Lines.
/// Nothing is in place until ``finish(expectedRecords:)`` commits the file atomically (mode 0600).
final class ExportFileWriter {
    /// What a finished file holds.
    struct Verified: Sendable {
        var records: Int
        var sha256: String
        var bytes: Int
    }

    /// Why the body was not a complete export.
    enum Problem: Error, CustomStringConvertible {
        case notJSON(record: Int, reason: String)
        case incomplete(records: Int, example: String)
        case countMismatch(expected: Int, found: Int)
        case truncated

        var description: String {
            switch self {
            case let .notJSON(record, reason): return "record \(record) of the download is not JSON (\(reason))"
            case let .incomplete(records, example): return "\(records) downloaded records lack a required field (\(example))"
            case let .countMismatch(expected, found): return "the download has \(found) records where the job said \(expected)"
            case .truncated: return "the download ended in the middle of a record"
            }
        }
    }

    static let requiredFields = ["id", "type", "state", "startTime"]

    /// The first required field `object` lacks (absent or null), nil when it has them all.
    static func missingField(in object: JSONObject) -> String? {
        requiredFields.first { object[$0] == nil || object[$0]?.isNull == true }
    }

    private let output: AtomicFileOutput
    /// The file's SHA-256, taken on a thread of its own while the file is written.
    private let hasher = BackgroundSHA256()
    private var pending: [UInt8] = []
    private var format: Format = .unknown
    private(set) var records = 0
    private(set) var incomplete = 0
    private var firstIncomplete: String?
    private var bytesWritten = 0
    private var checker = RecordCheck()
    // JSON array splitting.
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var arrayClosed = false

    private enum Format { case unknown, lines, array }

    init(path: String) throws {
        output = try AtomicFileOutput(path: path)
    }

    /// Takes the next bytes of the body.
    func consume(_ bytes: UnsafeRawBufferPointer) throws {
        if format == .unknown {
            guard let first = bytes.first(where: { !Self.isSpace($0) }) else { return }
            format = first == UInt8(ascii: "[") ? .array : .lines
        }
        switch format {
        case .lines: try consumeLines(bytes)
        case .array: try consumeArray(bytes)
        case .unknown: break
        }
    }

    /// Writes one record made here (from an analytics conversation), as a compact JSON line.
    func write(record: JSONValue) throws {
        var line = try JSONWriter.compact(record)
        line.append(0x0A)
        try check(record)
        try emit(line[...])
    }

    /// Checks the end of the body and the count, and commits the file.
    func finish(expectedRecords: Int?) throws -> Verified {
        switch format {
        case .lines:
            if pending.contains(where: { !Self.isSpace($0) }) {
                // A last line without its newline is a complete record only if it parses.
                let last = pending
                pending = []
                try last.withUnsafeBytes { try line($0) }
            }
            pending = []
            if lastByte != 0x0A { try emit(newline[...]) }
        case .array:
            guard arrayClosed else { throw Problem.truncated }
        case .unknown:
            break
        }
        if incomplete > 0 { throw Problem.incomplete(records: incomplete, example: firstIncomplete ?? "") }
        if let expectedRecords, expectedRecords != records { throw Problem.countMismatch(expected: expectedRecords, found: records) }
        let digest = hasher.finalize().hex
        try output.commit()
        return Verified(records: records, sha256: digest, bytes: bytesWritten)
    }

    /// Removes the temporary file.
    func abandon() { output.abandon() }

    // MARK: - JSON Lines

    /// JSON Lines are written as they came, a chunk at a time; each line is checked on the way
    /// (a line cut by a chunk's end is put together first).
    private func consumeLines(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        try output.write(bytes)
        hasher.update(bytes)
        bytesWritten += bytes.count
        lastByte = bytes[bytes.count - 1]
        var start = 0
        let count = bytes.count
        while start < count {
            guard let found = memchr(base + start, 0x0A, count - start) else {
                pending.append(contentsOf: bytes[start...])
                return
            }
            let newline = base.distance(to: UnsafeRawPointer(found))
            if pending.isEmpty {
                try line(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]))
            } else {
                pending.append(contentsOf: bytes[start..<newline])
                let whole = pending
                pending.removeAll(keepingCapacity: true)
                try whole.withUnsafeBytes { try line($0) }
            }
            start = newline + 1
        }
    }

    /// The last byte written in JSON Lines mode: a body whose last line has no newline gets one.
    private var lastByte: UInt8 = 0x0A

    private func line(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.contains(where: { !Self.isSpace($0) }) else { return }
        records += 1
        let missing: String?
        do { missing = try checker.missingField(in: bytes) } catch {
            throw Problem.notJSON(record: records, reason: "\(error)")
        }
        note(missing: missing)
    }

    private let newline: [UInt8] = [0x0A]

    // MARK: - One JSON array

    private func consumeArray(_ bytes: UnsafeRawBufferPointer) throws {
        for b in bytes {
            if arrayClosed {
                guard Self.isSpace(b) else { throw Problem.notJSON(record: records + 1, reason: "bytes after the array's end") }
                continue
            }
            if inString {
                pending.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > 1 { pending.append(b) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 {
                    try element()
                    arrayClosed = true
                } else {
                    pending.append(b)
                }
            case UInt8(ascii: ","):
                if depth == 1 { try element() } else { pending.append(b) }
            case UInt8(ascii: "\""):
                inString = true
                pending.append(b)
            default:
                if depth >= 1 { pending.append(b) }
            }
        }
    }

    private func element() throws {
        defer { pending.removeAll(keepingCapacity: true) }
        guard pending.contains(where: { !Self.isSpace($0) }) else { return }
        let value: JSONValue
        do { value = try JSONParser.parse(pending) } catch {
            throw Problem.notJSON(record: records + 1, reason: "\(error)")
        }
        var line = try JSONWriter.compact(value)
        line.append(0x0A)
        try check(value)
        try emit(line[...])
    }

    // MARK: - Shared

    /// Counts a record made or parsed here, and notes it when it lacks a required field.
    private func check(_ value: JSONValue) throws {
        records += 1
        guard let object = value.objectValue else {
            throw Problem.notJSON(record: records, reason: "it is \(value.kindDescription), not an object")
        }
        note(missing: Self.missingField(in: object))
    }

    private func note(missing: String?) {
        guard let missing else { return }
        incomplete += 1
        if firstIncomplete == nil { firstIncomplete = "record \(records) has no \(missing)" }
    }

    private func emit(_ line: ArraySlice<UInt8>) throws {
        try line.withUnsafeBytes { raw in
            try output.write(raw)
            hasher.update(raw)
        }
        bytesWritten += line.count
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
}
