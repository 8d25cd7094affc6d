import Essentials

/// One chunk of the dry run's plan, cut exactly as the import cuts it (same index, records and
/// hash), and what a real import would do with it.
public struct DryRunChunk: Sendable, Equatable {
    /// What a real import would do with the chunk.
    public enum Status: String, Sendable, CaseIterable {
        /// Recorded completed in the state: never sent again.
        case completed
        /// Would be sent (a POST, then its job polled).
        case send
        /// Would be sent again as in doubt: an earlier attempt may have been applied, so a
        /// `DUPLICATE_KEY` failure is reconciled by sending the other records.
        case inDoubt
        /// Accepted by an earlier run: its job would be polled, not sent again.
        case poll
        /// Recorded failed for good in the state: not sent again, reported as failed.
        case failed
        /// Would be refused, for the ``DryRunChunk/findings``.
        case refused
    }

    public var window: String
    /// Position in the window's plan (0-based).
    public var index: Int
    /// SHA-256 of the chunk's request body (contract §8): the import's identity of the chunk.
    public var hash: String
    public var records: Int
    public var status: Status
    /// Why the chunk is in doubt, to be polled, or recorded failed.
    public var reason: String?
    /// The import id of an accepted job (status ``Status/poll``).
    public var importId: String?
    /// Records of an in-doubt chunk the destination already holds: its re-send leaves them out.
    public var alreadyHeld = 0
    /// How many of the chunk's records each code would refuse (the chunk itself for the
    /// chunk-wide codes counts all its records).
    public var refusedRecords: [DryRunFinding.Code: Int] = [:]
    /// How many findings there are in all (a record may have several).
    public var findingCount = 0
    /// The first findings, at most ``maximumExamples``.
    public var findings: [DryRunFinding] = []

    /// The most findings kept per chunk; the rest are counted.
    public static let maximumExamples = 10

    public init(window: String, index: Int, hash: String, records: Int, status: Status, reason: String? = nil, importId: String? = nil) {
        self.window = window
        self.index = index
        self.hash = hash
        self.records = records
        self.status = status
        self.reason = reason
        self.importId = importId
    }

    /// `2024-01-15#3`, as the import names chunks.
    public var name: String { "\(window)#\(index)" }

    /// Whether a real import would leave the chunk as it is (completed or failed per the state).
    public var isSettled: Bool { status == .completed || status == .failed }

    /// Adds `found`, the findings of one record (or of the chunk as a whole, with `wholeChunk`).
    mutating func add(_ found: [DryRunFinding], wholeChunk: Bool = false) {
        guard !found.isEmpty else { return }
        for code in Set(found.map(\.code)) { refusedRecords[code, default: 0] += wholeChunk ? records : 1 }
        findingCount += found.count
        for finding in found where findings.count < Self.maximumExamples { findings.append(finding) }
    }

    /// Adds the findings counted in `other` (another check of the same chunk).
    mutating func absorb(_ other: DryRunChunk) {
        for (code, count) in other.refusedRecords { refusedRecords[code, default: 0] += count }
        findingCount += other.findingCount
        for finding in other.findings where findings.count < Self.maximumExamples { findings.append(finding) }
    }

    var jsonValue: JSONValue {
        var object = JSONObject([("index", .int(Int64(index))), ("chunk", .string(hash)), ("records", .int(Int64(records))),
                                 ("status", .string(status.rawValue))])
        if let reason { object["reason"] = .string(reason) }
        if let importId { object["importId"] = .string(importId) }
        if alreadyHeld > 0 { object["alreadyHeld"] = .int(Int64(alreadyHeld)) }
        if !refusedRecords.isEmpty {
            object["refusedRecords"] = .object(JSONObject(refusedRecords.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .int(Int64($0.value))) }))
            object["findingCount"] = .int(Int64(findingCount))
            object["findings"] = .array(findings.map(\.jsonValue))
        }
        return .object(object)
    }
}
