import Essentials

// MARK: - The text `status` prints

extension MigrationStatus {
    /// The status for a terminal: a header (migration, orgs, mapping file, lock), then per phase
    /// a line of totals and one line per window, and last the reason and the next command, which
    /// is the very last line: `next: interaction-migrate ...`.
    public var lines: [String] {
        var out = ["migration \(workspace.name) (workspace \(workspace.root))"]
        guard isRecorded else {
            out.append("nothing is recorded for this migration: no \(workspace.mappingFile), no \(workspace.stateFile); the orgs are not known yet")
            return out + ["why:  \(next.reason)", "next: \(next.command)"]
        }
        out.append("source:      \(Self.describe(source))")
        out.append("destination: \(Self.describe(destination))")
        out.append("mapping:     \(mappingLine)")
        if let pid = inUseBy {
            out.append("in use:      process \(pid) holds \(workspace.lockFile) (a phase is running); figures are as it last recorded them")
        }
        out.append("")
        out += exportLines
        out += transformLines
        out += importLines
        out.append("")
        out.append("why:  \(next.reason)")
        out.append("next: \(next.command)")
        return out
    }

    private static func describe(_ org: Org) -> String {
        guard org.isKnown else { return "not known yet" }
        var text = org.name ?? "(name not recorded)"
        if let id = org.id { text += " (\(id))" }
        if let api = org.apiBase { text += " at \(api)" }
        return text
    }

    private var mappingLine: String {
        guard mapping.isPresent else { return "\(mapping.path) is missing" }
        let summary = mapping.summary
        var text = "\(mapping.path): \(summary.queues.total) queues, \(summary.flows.total) flows, \(summary.wrapupCodes.total) wrap-up codes"
        let open = mapping.openEntries
        if open.isEmpty { return text + ", every entry resolved" }
        text += "; \(NextStepPlanner.count(open.count, "entry needs", "entries need")) a decision: \(NextStepPlanner.list(open.map(\.description)))"
        return text
    }

    // MARK: - Phases

    private var exportLines: [String] {
        guard !export.windows.isEmpty else { return ["export: nothing exported yet"] }
        var out = ["export: \(export.completed.count) of \(NextStepPlanner.count(export.windows.count, "window", "windows")) complete, \(export.failed.count) failed, \(export.unfinished.count) unfinished; \(Self.records(export.records)) exported"]
        let width = Self.width(export.windows.map { Self.word($0.status) })
        for window in export.windows {
            var line = "  \(window.name)  \(Self.padded(Self.word(window.status), width))  \(Self.records(window.records))"
            if window.leftOut > 0 { line += ", \(window.leftOut) conversations left out" }
            if window.status != .completed, let error = window.lastError { line += "; last error: \(Self.oneLine(error))" }
            out.append(line)
        }
        return out
    }

    private static func word(_ status: ExportWindowState.Status) -> String {
        switch status {
        case .completed: return "completed"
        case .failed: return "failed"
        case .submitted: return "unfinished"
        }
    }

    private var transformLines: [String] {
        guard !transform.windows.isEmpty else { return ["transform: nothing to transform yet"] }
        let done = transform.windows(.transformed).count
        var out = ["transform: \(done) of \(NextStepPlanner.count(transform.windows.count, "window", "windows")) transformed, \(transform.windows(.blocked).count) blocked by unmapped references, \(transform.windows(.outdated).count) outdated, \(transform.windows(.notTransformed).count) not transformed; \(transform.inputRecords) records in, \(transform.outputRecords) out, \(transform.rejectedRecords) rejected, \(transform.blockedRecords) blocked"]
        let width = Self.width(transform.windows.map(\.standing.rawValue))
        for window in transform.windows {
            var line = "  \(window.name)  \(Self.padded(window.standing.rawValue, width))"
            if window.recorded != nil {
                line += "  \(window.inputRecords) in, " + (window.hasOutput ? "\(window.outputRecords) out" : "no output")
                line += ", \(window.rejectedRecords) rejected"
                if window.standing == .blocked || (window.unmappedRecords > 0 && !window.hasOutput) {
                    line += ", \(Self.records(window.unmappedRecords)) blocked by \(NextStepPlanner.count(window.unmappedReferences, "unmapped reference", "unmapped references"))"
                }
            }
            if let because = window.outdatedBecause { line += " (\(because))" }
            out.append(line)
        }
        return out
    }

    private var importLines: [String] {
        guard !imports.windows.isEmpty else { return ["import: nothing to import yet"] }
        let chunks = imports.chunks
        var out = ["import: \(imports.windows(.complete).count) of \(NextStepPlanner.count(imports.windows.count, "window", "windows")) complete; chunks: \(chunks.completed) completed, \(chunks.submitted) submitted, \(chunks.inDoubt) in doubt, \(chunks.failed) failed, \(chunks.notSent) not yet sent; \(imports.importedRecords) of \(Self.records(imports.records)) imported"]
        let width = Self.width(imports.windows.map(\.standing.rawValue))
        for window in imports.windows {
            var line = "  \(window.name)  \(Self.padded(window.standing.rawValue, width))"
            switch window.standing {
            case .waiting:
                break
            case .notPlanned:
                line += "  \(Self.records(window.records)), none sent yet"
            case .planAgain:
                line += "  \(window.importedRecords) of \(Self.records(window.records)) imported before the transform ran again"
            case .complete, .pending, .failed:
                line += "  \(Self.chunks(window.chunks)); \(window.importedRecords) of \(Self.records(window.records)) imported"
            }
            if let error = window.lastError { line += "; last error: \(Self.oneLine(error))" }
            out.append(line)
        }
        return out
    }

    /// `2 completed, 1 submitted`: the chunk counts that are not zero (`no chunks` for an empty window).
    private static func chunks(_ chunks: ImportPhaseStatus.Chunks) -> String {
        let parts = [(chunks.completed, "completed"), (chunks.submitted, "submitted"), (chunks.inDoubt, "in doubt"),
                     (chunks.failed, "failed"), (chunks.notSent, "not yet sent")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        guard !parts.isEmpty else { return "no chunks" }
        return NextStepPlanner.count(chunks.total, "chunk", "chunks") + ": " + parts.joined(separator: ", ")
    }

    // MARK: - Words

    private static func records(_ n: Int) -> String { NextStepPlanner.count(n, "record", "records") }

    private static func width(_ words: [String]) -> Int { words.map(\.count).max() ?? 0 }

    private static func padded(_ word: String, _ width: Int) -> String {
        word + String(repeating: " ", count: max(0, width - word.count))
    }

    /// An error as one line: line breaks become spaces.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
