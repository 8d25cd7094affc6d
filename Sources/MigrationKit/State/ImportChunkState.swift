import Essentials

/// One import chunk's place in the import protocol (contract §7.5), as the journal records it
/// before the next request is sent.
public struct ImportChunkState: Sendable, Equatable {
    /// The protocol's steps.
    public enum Status: String, Sendable, CaseIterable {
        /// About to be sent; in doubt until an import id is recorded.
        case submitting
        /// Accepted, with an import id: polled, never sent again.
        case submitted
        /// Applied by the destination.
        case completed
        /// Refused for good, with the platform's errors.
        case failed
    }

    /// Why a chunk failed, which decides what may be done about it.
    public enum Failure: String, Sendable, CaseIterable {
        /// A queue, flow or wrap-up code the destination doesn't have (§7.4): fix the mapping,
        /// transform again, import again.
        case invalidReference
        /// Records the destination already holds, in a chunk that was not in doubt (§7.5 rule 6):
        /// reconciled only with `--reconcile-duplicates`.
        case duplicateKey
        /// A synchronous 4xx refusal (§7.3), or a job that ended failed for another reason.
        case rejected
    }

    /// The chunk's position in its window's plan (0-based).
    public var index: Int
    /// How many records the chunk holds (as planned, before any were excluded).
    public var records: Int
    public var status: Status
    /// The destination's import id of the latest submission, once accepted.
    public var importId: String?
    /// The platform's errors, for a failed chunk (at most ``maximumErrors``, then a count).
    public var errors: [String]
    /// Whether an earlier attempt may have been applied (a crash before the import id was
    /// recorded, a POST that failed transiently, a window planned again): a `DUPLICATE_KEY`
    /// failure is then reconciled rather than reported.
    public var inDoubt: Bool
    /// Positions (in the planned chunk) of records left out because the destination already
    /// held them: a reconciled re-send carries the others.
    public var excluded: [Int]
    /// Why the chunk failed, when it did.
    public var failure: Failure?
    /// The platform's `createdDate` and `completedDate` of the job that completed the chunk
    /// (contract §7.3), as it gave them; nil for chunks recorded before they were kept, or when the
    /// job's status had none. Jobs of one org run one at a time (§7.4), so the time each one ran
    /// can be told from these over all completed chunks: the dry run's estimate learns from them.
    public var jobCreatedDate: String?
    public var jobCompletedDate: String?

    /// The most errors kept per chunk: the rest are counted, so a state write stays small.
    public static let maximumErrors = 50

    public init(index: Int, records: Int, status: Status, importId: String? = nil, errors: [String] = [],
                inDoubt: Bool = false, excluded: [Int] = [], failure: Failure? = nil,
                jobCreatedDate: String? = nil, jobCompletedDate: String? = nil) {
        self.index = index
        self.records = records
        self.status = status
        self.importId = importId
        self.errors = errors
        self.inDoubt = inDoubt
        self.excluded = excluded
        self.failure = failure
        self.jobCreatedDate = jobCreatedDate
        self.jobCompletedDate = jobCompletedDate
    }

    /// The records the destination holds once the chunk is completed: those sent by the last
    /// submission (the planned ones less the excluded).
    public var sentRecords: Int { records - excluded.count }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        index = try decoder.int("index")
        records = try decoder.int("records")
        status = try decoder.oneOf("status")
        importId = try decoder.optionalString("importId")
        errors = decoder.object["errors"] == nil ? [] : try decoder.strings("errors")
        inDoubt = decoder.object["inDoubt"]?.boolValue ?? false
        if let list = decoder.object["excluded"] {
            guard let items = list.arrayValue else { throw decoder.fail("excluded", "expected an array of record positions") }
            var positions: [Int] = []
            for (i, item) in items.enumerated() {
                guard let position = item.intValue, position >= 0, position < Int64(records) else {
                    throw decoder.fail("excluded[\(i)]", "expected a record position below \(records), found \(item.kindDescription)")
                }
                positions.append(Int(position))
            }
            excluded = positions
        } else {
            excluded = []
        }
        failure = decoder.object["failure"] == nil ? nil : try decoder.oneOf("failure")
        // Optional: state files written before these were kept have neither.
        jobCreatedDate = try decoder.optionalString("jobCreatedDate")
        jobCompletedDate = try decoder.optionalString("jobCompletedDate")
    }

    var jsonValue: JSONValue {
        var object = JSONObject([("index", .int(Int64(index))), ("records", .int(Int64(records))), ("status", .string(status.rawValue))])
        if let importId { object["importId"] = .string(importId) }
        if inDoubt { object["inDoubt"] = .bool(true) }
        if !excluded.isEmpty { object["excluded"] = .array(excluded.map { .int(Int64($0)) }) }
        if let failure { object["failure"] = .string(failure.rawValue) }
        if !errors.isEmpty { object["errors"] = .array(errors.map(JSONValue.string)) }
        if let jobCreatedDate { object["jobCreatedDate"] = .string(jobCreatedDate) }
        if let jobCompletedDate { object["jobCompletedDate"] = .string(jobCompletedDate) }
        return .object(object)
    }
}
