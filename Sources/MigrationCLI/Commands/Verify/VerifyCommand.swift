import Essentials
import MigrationKit

/// `verify`: whether the destination holds exactly the migration's transformed records, from the
/// destination's own export.
enum VerifyCommand: Command {
    static let spec = CommandSpec(
        name: "verify",
        summary: "Check, window by window, that the destination holds exactly the transformed records, once each.",
        discussion: """
            Exports the destination's interactions for the migration's own windows (into \
            state/NAME/verify/, wiped first) and compares their externalIds with \
            state/NAME/transformed/*.jsonl: records missing from the destination, records of \
            this migration (externalId <source org id>:...) that were not transformed, and \
            records held more than once. The destination's own interactions (no externalId, or \
            another origin) are counted but are no difference. The migration's state is only \
            read: nothing is written in state/NAME.json. A report with every window's counts \
            and up to 20 example externalIds of each kind is written to \
            state/NAME/reports/verify-<UTC time>.json. Exit 0 only when every window matches \
            exactly; 3 when some differ, some could not be checked (blocked by unmapped \
            references, not transformed, the destination's export failed), or the destination \
            has no interaction export (a Genesys Cloud org: nothing is claimed).

            Example:

              interaction-migrate verify --name acme --dest-region eu-west-1
            """,
        options: [
            .option("name", valueName: "NAME", help: "The migration's name.", isRequired: true),
            .option("workspace", valueName: "DIR", help: "Folder holding mappings/ and state/.", defaultValue: "."),
            .flag("json", help: "Print the report on standard output instead of the lines per window."),
        ] + OrgOptions.options(for: [.dest]))

    /// Example externalIds shown per kind on a window's line (the report has more).
    static let examplesShown = 3

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        let client = try OrgOptions.client(.dest, parsed, context: context)
        let phase = VerifyPhase(workspace: workspace, client: client)
        let summary = try await phase.run { event in
            switch event {
            case .exporting(let windows):
                context.printError("exporting \(windows) window\(windows == 1 ? "" : "s") from the destination to compare")
            case .export(.note(let window, let text)):
                context.printError("\(window): \(text)")
            case .export, .windowChecked:
                break
            }
        }
        for note in summary.notes { context.printError("note: \(note)") }
        if parsed.flag("json") {
            context.print(String(decoding: try JSONWriter.pretty(summary.jsonValue, sortedKeys: false), as: UTF8.self))
        } else {
            if summary.verdict != .unverifiable {
                for window in summary.windows { context.print(line(window)) }
            }
            context.print(verdict(summary))
            if let report = summary.reportFile { context.print("report: \(report)") }
        }
        return summary.verdict == .matched ? .success : .needsAttention
    }

    /// `window W: ok (N records)`, `window W: 1 missing (a:b), 0 unexpected, 2 duplicated (...)`
    /// or `window W: not checked: reason`.
    static func line(_ result: VerifyWindowResult) -> String {
        let head = "window \(result.window): "
        switch result.status {
        case .notChecked(let reason):
            return head + "not checked: \(reason)"
        case .matched:
            let comparison = result.comparison ?? ExternalIdComparison()
            return head + "ok (\(Figures.grouped(comparison.expected)) records)" + others(comparison)
        case .differs:
            let comparison = result.comparison ?? ExternalIdComparison()
            let duplicates = comparison.duplicatedExamples.map { "\($0.externalId) x\($0.copies)" }
            return head + [
                "\(Figures.grouped(comparison.missing)) missing" + examples(comparison.missingExamples, of: comparison.missing),
                "\(Figures.grouped(comparison.unexpected)) unexpected" + examples(comparison.unexpectedExamples, of: comparison.unexpected),
                "\(Figures.grouped(comparison.duplicated)) duplicated" + examples(duplicates, of: comparison.duplicated),
            ].joined(separator: ", ") + " of \(Figures.grouped(comparison.expected)) records" + others(comparison)
        }
    }

    /// ` (a:1, a:2, ... N more)`, or nothing when there are none.
    static func examples(_ ids: [String], of count: Int) -> String {
        guard count > 0, !ids.isEmpty else { return "" }
        let shown = ids.prefix(examplesShown)
        let more = count - shown.count
        return " (" + shown.joined(separator: ", ") + (more > 0 ? ", \(Figures.grouped(more)) more" : "") + ")"
    }

    static func others(_ comparison: ExternalIdComparison) -> String {
        comparison.notFromMigration > 0 ? "; \(Figures.grouped(comparison.notFromMigration)) not from this migration" : ""
    }

    /// The one line that says what was found.
    static func verdict(_ summary: VerifySummary) -> String {
        let org = "\(summary.destinationOrgName) (\(summary.destinationOrgId))"
        let total = summary.totals
        let windows = summary.windows.count
        switch summary.verdict {
        case .matched:
            return "verified: \(org) holds exactly the \(Figures.grouped(total.expected)) transformed records of every window (\(windows) of \(windows) matched), each once"
        case .mismatched:
            return "NOT verified: \(summary.differingWindows) of \(windows) windows differ in \(org): \(Figures.grouped(total.missing)) missing, \(Figures.grouped(total.unexpected)) unexpected, \(Figures.grouped(total.duplicated)) duplicated"
                + (summary.uncheckedWindows > 0 ? "; \(summary.uncheckedWindows) not checked" : "") + "; the report lists examples"
        case .incomplete:
            return "NOT verified: \(summary.uncheckedWindows) of \(windows) windows could not be checked (the reasons are above); the \(summary.matchedWindows) checked match"
        case .unverifiable:
            return summary.unverifiableReason ?? "\(org) cannot be verified; nothing is claimed"
        }
    }
}
