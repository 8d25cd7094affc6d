import Essentials

/// One export window as the state file keeps it: where its job is, and what its file holds.
public struct ExportWindowState: Sendable, Equatable {
    /// Where a window is.
    public enum Status: String, Sendable, CaseIterable {
        /// A job was submitted: poll it (never submit again while the platform knows it).
        case submitted
        /// The file is written and verified.
        case completed
        /// Given up on, with the platform's reason in ``ExportWindowState/lastError``.
        case failed
    }

    /// `[start, end)` on `startTime`.
    public var start: ISOTimestamp
    public var end: ISOTimestamp
    /// `interaction-export` or `analytics`.
    public var sourceKind: String
    public var status: Status
    /// The platform's job id of the last job submitted.
    public var jobId: String?
    /// The window's file, relative to the workspace (`state/NAME/export/…jsonl`).
    public var file: String?
    /// Records in the file.
    public var recordCount: Int
    /// SHA-256 of the file.
    public var sha256: String?
    /// Records the org gave that missed a required field (§6); the download was then retried.
    public var incompleteRecords: Int
    /// Conversations left out (analytics: not final yet, or a media type §6 doesn't know).
    public var leftOut: Int
    /// Jobs submitted for the window (a failed job is submitted again a bounded number of times).
    public var jobsSubmitted: Int
    /// What went wrong last, for the admin.
    public var lastError: String?

    public init(start: ISOTimestamp, end: ISOTimestamp, sourceKind: String, status: Status, jobId: String? = nil,
                file: String? = nil, recordCount: Int = 0, sha256: String? = nil, incompleteRecords: Int = 0,
                leftOut: Int = 0, jobsSubmitted: Int = 0, lastError: String? = nil) {
        self.start = start
        self.end = end
        self.sourceKind = sourceKind
        self.status = status
        self.jobId = jobId
        self.file = file
        self.recordCount = recordCount
        self.sha256 = sha256
        self.incompleteRecords = incompleteRecords
        self.leftOut = leftOut
        self.jobsSubmitted = jobsSubmitted
        self.lastError = lastError
    }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        let startText = try decoder.string("start"), endText = try decoder.string("end")
        guard let start = ISOTimestamp(startText) else { throw decoder.fail("start", "not an ISO-8601 UTC time") }
        guard let end = ISOTimestamp(endText) else { throw decoder.fail("end", "not an ISO-8601 UTC time") }
        self.start = start
        self.end = end
        sourceKind = try decoder.string("sourceKind")
        status = try decoder.oneOf("status")
        jobId = try decoder.optionalString("jobId")
        file = try decoder.optionalString("file")
        recordCount = try decoder.int("recordCount")
        sha256 = try decoder.optionalString("sha256")
        incompleteRecords = try decoder.int("incompleteRecords")
        leftOut = try decoder.int("leftOut")
        jobsSubmitted = try decoder.int("jobsSubmitted")
        lastError = try decoder.optionalString("lastError")
    }

    var jsonValue: JSONValue {
        .object(JSONObject([
            ("start", .string(start.description)), ("end", .string(end.description)), ("sourceKind", .string(sourceKind)),
            ("status", .string(status.rawValue)), ("jobId", jobId.map(JSONValue.string) ?? .null),
            ("file", file.map(JSONValue.string) ?? .null), ("recordCount", .int(Int64(recordCount))),
            ("sha256", sha256.map(JSONValue.string) ?? .null), ("incompleteRecords", .int(Int64(incompleteRecords))),
            ("leftOut", .int(Int64(leftOut))), ("jobsSubmitted", .int(Int64(jobsSubmitted))),
            ("lastError", lastError.map(JSONValue.string) ?? .null),
        ]))
    }
}
