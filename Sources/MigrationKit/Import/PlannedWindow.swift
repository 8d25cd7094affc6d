import Essentials

/// One window's transformed records, read and cut into chunks (contract §7.5 rule 1), with the
/// references they carry for the pre-flight check.
struct PlannedWindow: Sendable {
    let window: String
    /// SHA-256 of the transformed file the chunks were cut from.
    let transformedSHA256: String
    let chunks: [ImportChunk]
    /// How many records reference each queue, flow and wrap-up code, per chunk.
    let references: [[RecordReferences.Reference: Int]]

    var records: Int { chunks.reduce(0) { $0 + $1.records } }

    /// Reads `path` (the transform's output for `window`, whose SHA-256 the transform recorded as
    /// `expectedSHA256`) and cuts it into chunks of `chunkSize` records.
    ///
    /// `visit` sees every record once, as parsed, with its position in the window (its chunk is
    /// `position / chunkSize`): the dry run checks records there without parsing them again.
    ///
    /// - Throws: ``ImportPhaseError`` when the file is not the one the transform wrote, or a line
    ///   is not a record; `FileError` when it can't be read.
    static func read(window: String, path: String, expectedSHA256: String, chunkSize: Int, schemaVersion: String,
                     visit: (_ record: JSONValue, _ position: Int) -> Void = { _, _ in }) throws -> PlannedWindow {
        let bytes = try FileContents.read(path: path)
        let sha256 = SHA256.hash(bytes).hex
        guard sha256 == expectedSHA256 else { throw ImportPhaseError.transformedFileChanged(window: window, path: path) }
        var lines: [ArraySlice<UInt8>] = []
        var counts: [[RecordReferences.Reference: Int]] = []
        var current: [RecordReferences.Reference: Int] = [:]
        var start = bytes.startIndex
        var lineNumber = 0
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let line = bytes[start..<end]
            lineNumber += 1
            start = end + 1
            let record: JSONValue
            do { record = try JSONParser.parse(line) } catch {
                throw ImportPhaseError.badTransformedRecord(path: path, line: lineNumber, reason: "not JSON (\(error))")
            }
            guard record.objectValue != nil, record["externalId"]?.stringValue != nil else {
                throw ImportPhaseError.badTransformedRecord(path: path, line: lineNumber, reason: "not a record with an externalId")
            }
            visit(record, lines.count)
            lines.append(line)
            for reference in RecordReferences.of(record) { current[reference, default: 0] += 1 }
            if lines.count % chunkSize == 0 {
                counts.append(current)
                current = [:]
            }
        }
        if lines.count % chunkSize != 0 { counts.append(current) }
        var chunks: [ImportChunk] = []
        var offset = 0
        while offset < lines.count {
            let slice = Array(lines[offset..<min(offset + chunkSize, lines.count)])
            chunks.append(ImportChunk(window: window, index: chunks.count, lines: slice, schemaVersion: schemaVersion))
            offset += chunkSize
        }
        return PlannedWindow(window: window, transformedSHA256: sha256, chunks: chunks, references: counts)
    }
}
