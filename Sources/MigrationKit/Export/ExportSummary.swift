import Essentials

/// What an export did over all its windows.
public struct ExportSummary: Sendable {
    public var sourceKind: ExportSourceKind
    public var sourceOrgId: String
    public var sourceOrgName: String
    /// Each window's outcome, in time order.
    public var windows: [ExportWindowOutcome]
    public var seconds: Double

    public var completed: [ExportWindowOutcome] { windows.filter { $0.state.status == .completed } }
    public var failed: [ExportWindowOutcome] { windows.filter { $0.state.status != .completed } }
    public var records: Int { completed.reduce(0) { $0 + $1.state.recordCount } }
    public var leftOut: Int { windows.reduce(0) { $0 + $1.state.leftOut } }

    /// The summary as JSON, for `--json`.
    public var jsonValue: JSONValue {
        .object(JSONObject([
            ("sourceKind", .string(sourceKind.rawValue)), ("sourceOrgId", .string(sourceOrgId)), ("sourceOrgName", .string(sourceOrgName)),
            ("windows", .array(windows.map { outcome in
                .object(JSONObject([
                    ("window", .string(outcome.window)), ("start", .string(outcome.state.start.description)),
                    ("end", .string(outcome.state.end.description)), ("status", .string(outcome.state.status.rawValue)),
                    ("skipped", .bool(outcome.skipped)), ("records", .int(Int64(outcome.state.recordCount))),
                    ("sha256", outcome.state.sha256.map(JSONValue.string) ?? .null), ("leftOut", .int(Int64(outcome.state.leftOut))),
                    ("file", outcome.state.file.map(JSONValue.string) ?? .null),
                    ("error", outcome.state.lastError.map(JSONValue.string) ?? .null),
                ]))
            })),
            ("records", .int(Int64(records))), ("completedWindows", .int(Int64(completed.count))),
            ("failedWindows", .int(Int64(failed.count))), ("seconds", .double(seconds)),
        ]))
    }
}
