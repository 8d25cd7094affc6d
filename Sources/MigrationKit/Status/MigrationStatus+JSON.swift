import Essentials

// MARK: - The JSON `status --json` prints

extension MigrationStatus {
    /// The same content as ``lines``, machine-readable: the migration, orgs, mapping file, each
    /// phase's totals and windows, and `"next": {"command": ..., "reason": ...}`.
    public var jsonValue: JSONValue {
        .object(JSONObject([
            ("migration", .string(workspace.name)), ("workspace", .string(workspace.root)), ("recorded", .bool(isRecorded)),
            ("inUseBy", inUseBy.map { .int(Int64($0)) } ?? .null),
            ("source", Self.json(source)), ("destination", Self.json(destination)),
            ("mapping", mappingJSON), ("export", exportJSON), ("transform", transformJSON), ("import", importJSON),
            ("next", next.jsonValue),
        ]))
    }

    private static func json(_ org: Org) -> JSONValue {
        .object(JSONObject([("orgId", string(org.id)), ("orgName", string(org.name)), ("apiBase", string(org.apiBase))]))
    }

    private static func string(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    private static func int(_ n: Int) -> JSONValue { .int(Int64(n)) }

    private var mappingJSON: JSONValue {
        let summary = mapping.summary
        let counts = JSONObject(MappingKind.allCases.map { kind in
            (kind.key, .object(JSONObject(MappingMatch.allCases.map { ($0.rawValue, Self.int(summary[kind][$0])) })))
        })
        return .object(JSONObject([
            ("file", .string(mapping.path)), ("present", .bool(mapping.isPresent)), ("sha256", Self.string(mapping.sha256)),
            ("counts", mapping.isPresent ? .object(counts) : .null),
            ("openEntries", .array(mapping.openEntries.map { entry in
                .object(JSONObject([("list", .string(entry.kind.key)), ("sourceId", .string(entry.sourceId)),
                                    ("sourceName", .string(entry.sourceName)), ("match", .string(entry.match.rawValue))]))
            })),
        ]))
    }

    private var exportJSON: JSONValue {
        let range = export.range
        return .object(JSONObject([
            ("totals", .object(JSONObject([
                ("windows", Self.int(export.windows.count)), ("completed", Self.int(export.completed.count)),
                ("failed", Self.int(export.failed.count)), ("unfinished", Self.int(export.unfinished.count)),
                ("records", Self.int(export.records)),
            ]))),
            ("range", range.map { range in
                .object(JSONObject([("from", .string(range.from.description)), ("to", .string(range.to.description)),
                                    ("window", .string(range.window ?? "1d"))]))
            } ?? .null),
            ("windows", .array(export.windows.map { window in
                .object(JSONObject([
                    ("window", .string(window.name)), ("start", .string(window.start.description)), ("end", .string(window.end.description)),
                    ("status", .string(window.status.rawValue)), ("records", Self.int(window.records)), ("leftOut", Self.int(window.leftOut)),
                    ("lastError", Self.string(window.lastError)),
                ]))
            })),
        ]))
    }

    private var transformJSON: JSONValue {
        .object(JSONObject([
            ("totals", .object(JSONObject([
                ("windows", Self.int(transform.windows.count)), ("transformed", Self.int(transform.windows(.transformed).count)),
                ("blocked", Self.int(transform.windows(.blocked).count)), ("outdated", Self.int(transform.windows(.outdated).count)),
                ("notTransformed", Self.int(transform.windows(.notTransformed).count)),
                ("inputRecords", Self.int(transform.inputRecords)), ("outputRecords", Self.int(transform.outputRecords)),
                ("rejectedRecords", Self.int(transform.rejectedRecords)), ("blockedRecords", Self.int(transform.blockedRecords)),
            ]))),
            ("unmappedReport", .string(workspace.reportFile("transform.unmapped.json"))),
            ("windows", .array(transform.windows.map { window in
                .object(JSONObject([
                    ("window", .string(window.name)), ("status", .string(window.standing.rawValue)),
                    ("outdatedBecause", Self.string(window.outdatedBecause)),
                    ("inputRecords", Self.int(window.inputRecords)), ("outputRecords", Self.int(window.outputRecords)),
                    ("rejectedRecords", Self.int(window.rejectedRecords)), ("unmappedRecords", Self.int(window.unmappedRecords)),
                    ("unmappedReferences", Self.int(window.unmappedReferences)), ("hasOutput", .bool(window.hasOutput)),
                ]))
            })),
        ]))
    }

    private var importJSON: JSONValue {
        let chunks = imports.chunks
        return .object(JSONObject([
            ("configuration", imports.configuration.map { configuration in
                .object(JSONObject([
                    ("sourceOrgId", .string(configuration.sourceOrgId)), ("destinationOrgId", .string(configuration.destinationOrgId)),
                    ("schemaVersion", .string(configuration.schemaVersion)), ("chunkSize", Self.int(configuration.chunkSize)),
                ]))
            } ?? .null),
            ("totals", .object(JSONObject([
                ("windows", Self.int(imports.windows.count)), ("complete", Self.int(imports.windows(.complete).count)),
                ("chunks", Self.json(chunks)), ("records", Self.int(imports.records)), ("importedRecords", Self.int(imports.importedRecords)),
            ]))),
            ("windows", .array(imports.windows.map { window in
                .object(JSONObject([
                    ("window", .string(window.name)), ("status", .string(window.standing.rawValue)),
                    ("records", Self.int(window.records)), ("importedRecords", Self.int(window.importedRecords)),
                    ("chunks", Self.json(window.chunks)),
                    ("failedChunks", .array(window.failedChunks.map { chunk in
                        .object(JSONObject([
                            ("index", Self.int(chunk.index)), ("records", Self.int(chunk.records)),
                            ("failure", Self.string(chunk.failure?.rawValue)), ("errors", .array(chunk.errors.map(JSONValue.string))),
                        ]))
                    })),
                    ("lastError", Self.string(window.lastError)),
                ]))
            })),
        ]))
    }

    private static func json(_ chunks: ImportPhaseStatus.Chunks) -> JSONValue {
        .object(JSONObject([
            ("total", int(chunks.total)), ("completed", int(chunks.completed)), ("submitted", int(chunks.submitted)),
            ("inDoubt", int(chunks.inDoubt)), ("failed", int(chunks.failed)), ("notSent", int(chunks.notSent)),
        ]))
    }
}
