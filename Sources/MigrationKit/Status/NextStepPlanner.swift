import Essentials

/// Decides the command a migration needs next: the phase command of the first phase with work
/// left, with the options that phase needs to go on exactly where the state says it stands.
///
/// In order: a mapping file (and the orgs it names), decisions on open mapping entries before
/// anything is exported, export windows not complete, exported windows not transformed (or
/// outdated, or blocked by unmapped references), chunks failed on references the destination
/// doesn't have, chunks not completed, chunks failed on duplicates, chunks refused, and once
/// everything is imported, `verify`.
struct NextStepPlanner {
    let workspace: MigrationWorkspace
    let isRecorded: Bool
    let mapping: MappingStatus
    let source: MigrationStatus.Org
    let destination: MigrationStatus.Org
    let export: ExportPhaseStatus
    let transform: TransformPhaseStatus
    let imports: ImportPhaseStatus
    let inUseBy: Int32?

    /// Reasons name at most this many windows, entries or ids, then say how many more.
    static let listLimit = 5

    func plan() -> NextStep {
        var step = choose()
        if let pid = inUseBy {
            step.reason += "; process \(pid) holds \(workspace.lockFile) now (a phase is running): the figures are as it last recorded them, and this command will wait for it to end or be refused"
        }
        return step
    }

    private func choose() -> NextStep {
        let name = workspace.name
        let sourceAt = OrgLocation(apiBase: source.apiBase), destinationAt = OrgLocation(apiBase: destination.apiBase)
        guard mapping.isPresent else {
            let generate = ["mappings", "generate"] + common + OrgLocation.unknown.options("source") + OrgLocation.unknown.options("dest")
            let fill = "replace each \(OrgLocation.placeholder) by the org's region (us-east-1, eu-west-1, ...), or use --source-api URL / --dest-api URL instead"
            if !isRecorded {
                return NextStep(arguments: generate, reason: "nothing is recorded for migration '\(name)' (no \(workspace.mappingFile), no \(workspace.stateFile)), so the orgs are not known: generate the mapping file first; \(fill)", hasPlaceholders: true)
            }
            return NextStep(arguments: generate, reason: "\(workspace.mappingFile) is missing, and the transform needs it: generate it again; \(fill)", hasPlaceholders: true)
        }
        let open = mapping.openEntries

        // Export.
        guard let range = export.range else {
            let arguments = ["export"] + common + sourceAt.options("source") + ["--from", "YYYY-MM-DD", "--to", "YYYY-MM-DD"]
            let dates = "replace the dates by the range to migrate (--from inclusive, --to exclusive); 'interaction-migrate run' with the same options and --dest-region or --dest-api does every phase in one go"
            if !open.isEmpty {
                return NextStep(arguments: arguments, reason: "\(Self.count(open.count, "mapping entry", "mapping entries")) need a decision: \(Self.list(open.map(\.description))); edit \(workspace.mappingFile) (set \"destinationId\" with \"match\": \"manual\", or \"match\": \"excluded\"), then export: \(dates)", hasPlaceholders: true)
            }
            return NextStep(arguments: arguments, reason: "nothing is exported yet: \(dates)", hasPlaceholders: true)
        }
        if !export.isDone {
            let failed = export.failed.map { "\($0.name) failed: \($0.lastError ?? "no reason recorded")" }
            let unfinished = export.unfinished.map { "\($0.name) has a job in flight" }
            return NextStep(arguments: ["export"] + common + sourceAt.options("source") + range.options,
                            reason: "\(export.windows.count - export.completed.count) of \(export.windows.count) export windows are not complete (\(Self.list(failed + unfinished))); the export goes on with them and skips the completed ones\(openNote(open))")
        }

        // Transform.
        let blocked = transform.windows(.blocked), outdated = transform.windows(.outdated), fresh = transform.windows(.notTransformed)
        if !blocked.isEmpty || !outdated.isEmpty || !fresh.isEmpty {
            var parts: [String] = []
            if !fresh.isEmpty { parts.append("\(Self.count(fresh.count, "exported window is", "exported windows are")) not transformed yet") }
            for (because, windows) in Dictionary(grouping: outdated, by: { $0.outdatedBecause ?? "changed since the transform" }).sorted(by: { $0.key < $1.key }) {
                parts.append("\(Self.count(windows.count, "window", "windows")) to transform again (\(because))")
            }
            var reason = parts.joined(separator: ", ")
            if !blocked.isEmpty {
                let blockedText = "\(Self.count(blocked.count, "window is", "windows are")) blocked by unmapped references (\(Self.count(transform.blockedRecords, "record", "records"))): map the references listed in \(workspace.reportFile("transform.unmapped.json")) in \(workspace.mappingFile) (or use --on-unmapped skip-record, or --fallback-wrapup-code NAME), then transform again"
                reason = reason.isEmpty ? blockedText : reason + "; " + blockedText
            }
            return NextStep(arguments: transformArguments(destinationAt), reason: reason + openNote(open))
        }

        // Import.
        let failed = imports.failedChunks
        let invalid = failed.filter { $0.failure == .invalidReference }
        if !invalid.isEmpty {
            let ids = invalid.flatMap(\.missingIds).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let named = ids.map { id -> String in
                let entries = mapping.entries(mappingTo: id)
                return entries.isEmpty ? id : "\(id) (from \(Self.list(entries)))"
            }
            let which = named.isEmpty ? "ids the chunks' errors name" : Self.list(named)
            return NextStep(arguments: transformArguments(destinationAt),
                            reason: "\(Self.count(invalid.count, "import chunk", "import chunks")) failed with INVALID_REFERENCE: the destination has no \(which); map those entries to existing destination entities in \(workspace.mappingFile), run this transform, then import again (completed chunks stay, the rest is sent without duplicates)")
        }
        let duplicates = failed.filter { $0.failure == .duplicateKey }
        let reconcile = duplicates.isEmpty ? [] : ["--reconcile-duplicates"]
        let duplicatesNote = duplicates.isEmpty ? "" : "; \(Self.count(duplicates.count, "chunk", "chunks")) failed on records the destination already holds (DUPLICATE_KEY), which --reconcile-duplicates leaves out"
        let chunks = imports.chunks
        let unplanned = imports.windows(.notPlanned), replan = imports.windows(.planAgain)
        if !imports.hasStarted {
            return NextStep(arguments: importArguments(destinationAt) + reconcile,
                            reason: "nothing is imported yet: \(Self.count(imports.records, "transformed record", "transformed records")) in \(Self.count(imports.windows.count, "window", "windows")) to send\(duplicatesNote)")
        }
        if chunks.open > 0 || !unplanned.isEmpty || !replan.isEmpty {
            var parts: [String] = []
            if chunks.notSent > 0 { parts.append("\(chunks.notSent) not sent yet") }
            if chunks.inDoubt > 0 { parts.append("\(chunks.inDoubt) in doubt (sent again, leaving out records the destination already holds)") }
            if chunks.submitted > 0 { parts.append("\(chunks.submitted) submitted (polled, never sent again)") }
            var reason = parts.isEmpty ? "" : "\(Self.count(chunks.open, "import chunk is", "import chunks are")) not completed: " + parts.joined(separator: ", ")
            if !unplanned.isEmpty {
                reason += (reason.isEmpty ? "" : "; ") + "\(Self.count(unplanned.count, "window is", "windows are")) not planned yet"
            }
            if !replan.isEmpty {
                reason += (reason.isEmpty ? "" : "; ") + "\(Self.count(replan.count, "window was", "windows were")) transformed again since planned (planned again; completed chunks stay)"
            }
            return NextStep(arguments: importArguments(destinationAt) + reconcile, reason: reason + duplicatesNote)
        }
        if !duplicates.isEmpty {
            return NextStep(arguments: importArguments(destinationAt) + reconcile,
                            reason: "\(Self.count(duplicates.count, "import chunk", "import chunks")) failed on records the destination already holds (DUPLICATE_KEY) though never in doubt (imported by something else?): --reconcile-duplicates leaves those records out and sends the others")
        }
        if !failed.isEmpty {
            let errors = failed.map { "\($0.window)#\($0.index): \($0.errors.first ?? "no error recorded")" }
            return NextStep(arguments: transformArguments(destinationAt),
                            reason: "\(Self.count(failed.count, "import chunk was", "import chunks were")) refused by the destination (\(Self.list(errors))); fix what the errors name (the mapping file, or the exported records), run this transform, then import again: a chunk whose records are unchanged is not sent again")
        }
        return NextStep(arguments: ["verify"] + common + destinationAt.options("dest"),
                        reason: "every window is imported (\(Self.count(imports.importedRecords, "record", "records")) in \(Self.count(chunks.completed, "chunk", "chunks"))): verify compares the destination with the export")
    }

    // MARK: - Command lines

    /// `--name NAME`, and `--workspace DIR` when it is not the current folder.
    private var common: [String] {
        ["--name", workspace.name] + (workspace.root == "." ? [] : ["--workspace", workspace.root])
    }

    /// `transform` as the recorded windows were made: the destination named only when no schema
    /// is kept to cut records down to, the recorded schema version, policy and fallback code.
    private func transformArguments(_ destinationAt: OrgLocation) -> [String] {
        var arguments = ["transform"] + common
        if let schema = transform.destinationSchema {
            if schema.version != "v2.1" { arguments += ["--schema-version", schema.version] }
        } else {
            arguments += destinationAt.options("dest")
        }
        if transform.policy == .skipRecord { arguments += ["--on-unmapped", UnmappedPolicy.skipRecord.rawValue] }
        if let id = transform.fallbackWrapupCodeId, let code = mapping.wrapupCodeName(destinationId: id) {
            arguments += ["--fallback-wrapup-code", code]
        }
        return arguments
    }

    /// `import` with the recorded configuration's chunk size and schema version (another one is refused).
    private func importArguments(_ destinationAt: OrgLocation) -> [String] {
        var arguments = ["import"] + common + destinationAt.options("dest")
        if let configuration = imports.configuration {
            if configuration.chunkSize != 1000 { arguments += ["--chunk-size", String(configuration.chunkSize)] }
            if configuration.schemaVersion != "v2.1" { arguments += ["--schema-version", configuration.schemaVersion] }
        }
        return arguments
    }

    // MARK: - Words

    /// `; 2 mapping entries still need a decision (...)`, or nothing.
    private func openNote(_ open: [MappingStatus.OpenEntry]) -> String {
        open.isEmpty ? "" : "; \(Self.count(open.count, "mapping entry still needs", "mapping entries still need")) a decision in \(workspace.mappingFile) (\(Self.list(open.map(\.description))))"
    }

    /// `1 window`, `3 windows`.
    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    /// The first ``listLimit`` items, then `and N more`.
    static func list(_ items: [String]) -> String {
        let shown = items.prefix(listLimit).joined(separator: "; ")
        return items.count > listLimit ? "\(shown); and \(items.count - listLimit) more" : shown
    }
}
