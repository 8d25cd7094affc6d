import Essentials

// Reading a mapping file an admin may have edited: every problem is reported with the file, the
// entry and the field, and what to do, because the person fixing it has only a text editor.
extension MappingFile {
    /// Reads and validates the mapping file at `path`.
    ///
    /// Checks that the file is JSON with `formatVersion` 1, that every required field is present
    /// with the right type, that `match` is one of the six spellings, that `destinationId` is set
    /// exactly for `exact`, `normalized` and `manual` entries, and that no source id is listed twice
    /// in one list. A `manual` entry may omit `destinationName`. Fields the format does not define
    /// are ignored (and not written back).
    ///
    /// - Throws: `FileError` when the file cannot be read; ``MappingFileError`` when it is not a
    ///   valid mapping file.
    public static func read(path: String) throws -> MappingFile {
        try decode(try FileContents.read(path: path), path: path)
    }

    /// Parses and validates the bytes of a mapping file; `path` only names the file in errors.
    ///
    /// - Throws: ``MappingFileError``, as ``read(path:)``.
    public static func decode(_ bytes: [UInt8], path: String) throws -> MappingFile {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch let error as JSONParseError {
            let (line, column) = position(of: error.offset, in: bytes)
            throw MappingFileError.invalidJSON(path: path, line: line, column: column, reason: error.reason)
        }
        return try MappingFileDecoder(path: path).file(value)
    }

    /// The 1-based line and byte-in-line of byte `offset`.
    private static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}

/// Turns a parsed mapping file into a ``MappingFile``, throwing at the first problem.
private struct MappingFileDecoder {
    let path: String
    static let topLevel = "the top level"

    func file(_ value: JSONValue) throws -> MappingFile {
        let top = try object(value, entry: Self.topLevel)
        guard let versionValue = top["formatVersion"] else {
            throw MappingFileError.missingField(path: path, entry: Self.topLevel, field: "formatVersion")
        }
        guard let version = versionValue.intValue else {
            throw wrongType(Self.topLevel, "formatVersion", "the number \(MappingFile.formatVersion)", versionValue)
        }
        guard version == Int64(MappingFile.formatVersion) else {
            throw MappingFileError.unsupportedFormatVersion(path: path, found: version)
        }
        let time = try string(top, "generatedAt", entry: Self.topLevel)
        guard let generatedAt = ISOTimestamp(time) else {
            throw MappingFileError.invalidValue(
                path: path, entry: Self.topLevel, field: "generatedAt", value: MappingFileError.quoted(time),
                expected: "a UTC time like 2026-01-10T12:00:00.000Z"
            )
        }
        var file = MappingFile(
            generatedAt: generatedAt, source: try org(top, "source"), destination: try org(top, "destination")
        )
        for kind in MappingKind.allCases {
            guard let listValue = top[kind.key] else {
                throw MappingFileError.missingField(path: path, entry: Self.topLevel, field: kind.key)
            }
            guard case .array(let list) = listValue else {
                throw wrongType(Self.topLevel, kind.key, "an array", listValue)
            }
            var entries: [MappingEntry] = []
            entries.reserveCapacity(list.count)
            var seen: [String: String] = [:]
            for (position, element) in list.enumerated() {
                let (entry, label) = try self.entry(element, kind, position)
                if let other = seen[entry.sourceId] {
                    throw MappingFileError.duplicateSourceId(path: path, entry: label, sourceId: entry.sourceId, otherEntry: other)
                }
                seen[entry.sourceId] = label
                entries.append(entry)
            }
            file[kind] = entries
        }
        return file
    }

    private func org(_ top: JSONObject, _ field: String) throws -> MappingFile.Org {
        guard let value = top[field] else {
            throw MappingFileError.missingField(path: path, entry: Self.topLevel, field: field)
        }
        guard case .object(let object) = value else { throw wrongType(Self.topLevel, field, "an object", value) }
        return MappingFile.Org(
            orgId: try id(object, "orgId", entry: field), orgName: try string(object, "orgName", entry: field),
            apiBase: try string(object, "apiBase", entry: field)
        )
    }

    /// The entry at `position` of list `kind`, and its label for later messages.
    private func entry(_ value: JSONValue, _ kind: MappingKind, _ position: Int) throws -> (MappingEntry, String) {
        var label = "\(kind.key)[\(position)]"
        let object = try self.object(value, entry: label)
        // Name the entry by its source name as early as possible: people search for names.
        if let name = object["sourceName"]?.stringValue { label += " (\(MappingFileError.quoted(name)))" }
        let sourceName = try string(object, "sourceName", entry: label)
        let sourceId = try id(object, "sourceId", entry: label)
        let matchText = try string(object, "match", entry: label)
        guard let match = MappingMatch(rawValue: matchText) else {
            throw MappingFileError.unknownMatch(path: path, entry: label, value: matchText)
        }
        var entry = MappingEntry(sourceId: sourceId, sourceName: sourceName, match: match)
        switch kind {
        case .queues: entry.sourceDivision = try optionalString(object, "sourceDivision", entry: label)
        case .flows: entry.type = try string(object, "type", entry: label)
        case .wrapupCodes: break
        }
        entry.destinationId = try optionalId(object, "destinationId", entry: label)
        entry.destinationName = try optionalString(object, "destinationName", entry: label)
        if match.hasDestination && entry.destinationId == nil {
            throw MappingFileError.missingDestinationId(path: path, entry: label, match: match)
        }
        if !match.hasDestination && entry.destinationId != nil {
            throw MappingFileError.unexpectedDestinationId(path: path, entry: label, match: match)
        }
        if let candidatesValue = object["candidates"], !candidatesValue.isNull {
            guard case .array(let candidates) = candidatesValue else {
                throw wrongType(label, "candidates", "an array", candidatesValue)
            }
            entry.candidates = try candidates.enumerated().map { i, element in
                let field = "candidates[\(i)]"
                guard case .object(let candidate) = element else { throw wrongType(label, field, "an object", element) }
                return MappingEntry.Candidate(
                    id: try id(candidate, "id", entry: label, prefix: field + "."),
                    name: try string(candidate, "name", entry: label, prefix: field + "."),
                    division: try optionalString(candidate, "division", entry: label, prefix: field + "."),
                    type: try optionalString(candidate, "type", entry: label, prefix: field + ".")
                )
            }
        }
        return (entry, label)
    }

    // MARK: - Fields

    private func object(_ value: JSONValue, entry: String) throws -> JSONObject {
        guard case .object(let object) = value else {
            throw MappingFileError.wrongType(path: path, entry: entry, field: nil, expected: "an object", found: value.kindDescription)
        }
        return object
    }

    private func string(_ object: JSONObject, _ field: String, entry: String, prefix: String = "") throws -> String {
        guard let value = object[field] else {
            throw MappingFileError.missingField(path: path, entry: entry, field: prefix + field)
        }
        guard case .string(let text) = value else { throw wrongType(entry, prefix + field, "a string", value) }
        return text
    }

    /// A required id: a non-empty string.
    private func id(_ object: JSONObject, _ field: String, entry: String, prefix: String = "") throws -> String {
        let text = try string(object, field, entry: entry, prefix: prefix)
        guard !text.isEmpty else {
            throw MappingFileError.invalidValue(path: path, entry: entry, field: prefix + field, value: "empty", expected: "an id")
        }
        return text
    }

    /// An optional string: absent and null are `nil`.
    private func optionalString(_ object: JSONObject, _ field: String, entry: String, prefix: String = "") throws -> String? {
        guard let value = object[field], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw wrongType(entry, prefix + field, "a string or null", value) }
        return text
    }

    /// An optional id: absent and null are `nil`; a string must not be empty.
    private func optionalId(_ object: JSONObject, _ field: String, entry: String) throws -> String? {
        guard let value = object[field], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw wrongType(entry, field, "a string (an id) or null", value) }
        guard !text.isEmpty else {
            throw MappingFileError.invalidValue(path: path, entry: entry, field: field, value: "empty", expected: "an id or null")
        }
        return text
    }

    private func wrongType(_ entry: String, _ field: String, _ expected: String, _ value: JSONValue) -> MappingFileError {
        .wrongType(path: path, entry: entry, field: field, expected: expected, found: value.kindDescription)
    }
}
