import Essentials
#if canImport(Glibc)
import Glibc
#endif

/// What a transform did over all its windows, skipped ones included with their earlier verdict.
public struct TransformSummary: Sendable {
    /// Each window's outcome, in window order.
    public var windows: [TransformWindowOutcome] = []
    /// The unmapped references of every window.
    public var unmapped = UnmappedReport()
    /// The fields dropped in every window.
    public var drift = SchemaDriftReport()
    /// Where the rejected records are (a folder, or one file on files).
    public var rejectsLocation = ""
    /// The unmapped report's files, when there were unmapped references.
    public var unmappedReportFiles: [String] = []

    public init() {}

    /// Records not carried over: invalid lines, and with `skip-record` those with unmapped references.
    public var rejectedRecords: Int { windows.reduce(0) { $0 + $1.state.rejectedRecords } }

    /// The rejected records of windows skipped as unchanged: found by an earlier run.
    public var rejectedEarlier: Int { windows.filter(\.skipped).reduce(0) { $0 + $1.state.rejectedRecords } }

    /// The windows left without output because of unmapped references (`fail`).
    public var blockedWindows: [String] { windows.filter(\.state.isBlocked).map(\.window) }

    /// Whether something needs the admin before the import: rejected records or blocked windows.
    public var needsAttention: Bool { rejectedRecords > 0 || !blockedWindows.isEmpty }

    /// Adds a window's outcome.
    mutating func add(_ outcome: TransformWindowOutcome) {
        windows.append(outcome)
        unmapped.merge(outcome.state.unmapped)
        drift.merge(outcome.state.droppedFields)
    }

    /// Writes the unmapped report as `base.unmapped.json` and `base.unmapped.txt` when there are
    /// unmapped references, and removes an earlier run's when there are none.
    mutating func writeReports(base: String, mappingName: String?) throws {
        let files = [base + ".unmapped.json", base + ".unmapped.txt"]
        if unmapped.isEmpty {
            for file in files { unlink(file) }
            unmappedReportFiles = []
            return
        }
        try AtomicFileWriter.write(try JSONWriter.pretty(unmapped.jsonValue()), to: files[0])
        try AtomicFileWriter.write(unmapped.text(mappingName: mappingName), to: files[1])
        unmappedReportFiles = files
    }
}
