import Essentials

// Writing a mapping file: the JSON value, its bytes, and the atomic write. The layout is fixed so
// that the same mapping always gives the same bytes (files are diffed and kept in version control)
// and so that an admin finds the fields in the order they read them.
extension MappingFile {
    /// The file as JSON: keys in the documented order (not sorted), each list sorted by source
    /// name and then source id, candidates by name, division or type, then id.
    ///
    /// Queue entries write `sourceDivision` (null when unknown), flow entries `type`;
    /// `destinationId` is always written (null when there is none), `destinationName` only when
    /// known, `candidates` only when there are some.
    public func jsonValue() -> JSONValue {
        func org(_ org: Org) -> JSONValue {
            .object(JSONObject([("orgId", .string(org.orgId)), ("orgName", .string(org.orgName)), ("apiBase", .string(org.apiBase))]))
        }
        var top = JSONObject()
        top["formatVersion"] = .int(Int64(Self.formatVersion))
        top["generatedAt"] = .string(generatedAt.description)
        top["source"] = org(source)
        top["destination"] = org(destination)
        for kind in MappingKind.allCases {
            top[kind.key] = .array(self[kind].sorted(by: MappingEntry.fileOrder).map { Self.json($0, kind) })
        }
        return .object(top)
    }

    /// The file's bytes: ``jsonValue()`` pretty-printed with two-space indentation and a trailing
    /// newline. Equal files give equal bytes.
    public func encoded() throws -> [UInt8] {
        try JSONWriter.pretty(jsonValue(), sortedKeys: false)
    }

    /// Writes the file to `path` atomically: a reader sees the old file or the new one, never a mix.
    /// Missing parent folders are created.
    ///
    /// - Throws: `FileError` when the file cannot be written.
    public func write(to path: String) throws {
        try AtomicFileWriter.write(try encoded(), to: path)
    }

    private static func json(_ entry: MappingEntry, _ kind: MappingKind) -> JSONValue {
        var object = JSONObject()
        object["sourceId"] = .string(entry.sourceId)
        object["sourceName"] = .string(entry.sourceName)
        switch kind {
        case .queues: object["sourceDivision"] = optional(entry.sourceDivision)
        case .flows: object["type"] = optional(entry.type)
        case .wrapupCodes: break
        }
        object["destinationId"] = optional(entry.destinationId)
        if let name = entry.destinationName { object["destinationName"] = .string(name) }
        object["match"] = .string(entry.match.rawValue)
        if !entry.candidates.isEmpty {
            object["candidates"] = .array(entry.candidates.sorted(by: candidateOrder).map { candidate in
                var c = JSONObject()
                c["id"] = .string(candidate.id)
                c["name"] = .string(candidate.name)
                switch kind {
                case .queues: c["division"] = optional(candidate.division)
                case .flows: c["type"] = optional(candidate.type)
                case .wrapupCodes: break
                }
                return .object(c)
            })
        }
        return .object(object)
    }

    private static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    /// Candidates by name, then division and type (absent first), then id.
    static func candidateOrder(_ a: MappingEntry.Candidate, _ b: MappingEntry.Candidate) -> Bool {
        if a.name != b.name { return a.name < b.name }
        if a.division != b.division { return (a.division ?? "") < (b.division ?? "") || a.division == nil }
        if a.type != b.type { return (a.type ?? "") < (b.type ?? "") || a.type == nil }
        return a.id < b.id
    }
}
