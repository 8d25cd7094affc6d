import Essentials

/// What `verify` found: a verdict over every window of the migration, each window's result, and
/// the report written.
public struct VerifySummary: Sendable {
    /// The answer to "does the destination hold exactly what the transform wrote?".
    public enum Verdict: String, Sendable {
        /// Every window was compared and matched exactly. The only verdict that claims success.
        case matched
        /// Some window differs: records missing, unexpected or duplicated.
        case mismatched
        /// No window differs, but some could not be compared (listed with the reason).
        case incomplete
        /// The destination can't show what it holds (a Genesys Cloud org has no interaction
        /// export): nothing was compared and nothing is claimed.
        case unverifiable
    }

    public var verdict: Verdict
    public var destinationOrgId: String
    public var destinationOrgName: String
    /// The `externalId` prefix of this migration's records: `<source org id>:`.
    public var prefix: String
    /// Each window's result, in time order.
    public var windows: [VerifyWindowResult]
    /// Why the destination could not be verified, for ``Verdict/unverifiable``.
    public var unverifiableReason: String?
    /// Things the admin should know (no import recorded, another destination recorded, ...).
    public var notes: [String]
    /// The report file written, if one was.
    public var reportFile: String?
    public var seconds: Double

    public init(verdict: Verdict, destinationOrgId: String, destinationOrgName: String, prefix: String,
                windows: [VerifyWindowResult] = [], unverifiableReason: String? = nil, notes: [String] = [],
                reportFile: String? = nil, seconds: Double = 0) {
        self.verdict = verdict
        self.destinationOrgId = destinationOrgId
        self.destinationOrgName = destinationOrgName
        self.prefix = prefix
        self.windows = windows
        self.unverifiableReason = unverifiableReason
        self.notes = notes
        self.reportFile = reportFile
        self.seconds = seconds
    }

    /// The verdict that `windows` make.
    static func verdict(of windows: [VerifyWindowResult]) -> Verdict {
        if windows.contains(where: { $0.status == .differs }) { return .mismatched }
        if windows.isEmpty || windows.contains(where: { $0.notCheckedReason != nil }) { return .incomplete }
        return .matched
    }

    public var matchedWindows: Int { windows.filter { $0.status == .matched }.count }
    public var differingWindows: Int { windows.filter { $0.status == .differs }.count }
    public var uncheckedWindows: Int { windows.filter { $0.notCheckedReason != nil }.count }

    /// Totals over the compared windows.
    public var totals: ExternalIdComparison {
        var total = ExternalIdComparison()
        for case let comparison? in windows.map(\.comparison) {
            total.expected += comparison.expected
            total.held += comparison.held
            total.missing += comparison.missing
            total.unexpected += comparison.unexpected
            total.duplicated += comparison.duplicated
            total.notFromMigration += comparison.notFromMigration
        }
        return total
    }

    /// The summary as JSON: the report's content and `--json`'s output.
    public var jsonValue: JSONValue {
        let total = totals
        return .object(JSONObject([
            ("verdict", .string(verdict.rawValue)),
            ("destinationOrgId", .string(destinationOrgId)), ("destinationOrgName", .string(destinationOrgName)),
            ("externalIdPrefix", .string(prefix)),
            ("unverifiableReason", unverifiableReason.map(JSONValue.string) ?? .null),
            ("notes", .array(notes.map(JSONValue.string))),
            ("totals", .object(JSONObject([
                ("windows", .int(Int64(windows.count))), ("matchedWindows", .int(Int64(matchedWindows))),
                ("differingWindows", .int(Int64(differingWindows))), ("uncheckedWindows", .int(Int64(uncheckedWindows))),
                ("expected", .int(Int64(total.expected))), ("held", .int(Int64(total.held))),
                ("missing", .int(Int64(total.missing))), ("unexpected", .int(Int64(total.unexpected))),
                ("duplicated", .int(Int64(total.duplicated))), ("notFromMigration", .int(Int64(total.notFromMigration))),
            ]))),
            ("windows", .array(windows.map(\.jsonValue))),
            ("reportFile", reportFile.map(JSONValue.string) ?? .null),
            ("seconds", .double(seconds)),
        ]))
    }
}
