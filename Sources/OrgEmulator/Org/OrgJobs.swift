import Essentials

/// An export job (§7.1) and what it produced.
struct ExportJob: Sendable {
    var id: String
    var createdAt: Double
    var readyAt: Double
    var schemaVersion: String
    var format: String
    /// The records, already shaped for the schema version and options.
    var records: [JSONValue]
    /// The current download, once completed.
    var downloadToken: String?
    var downloadExpiresAt: Double = 0
}

/// An import job (§7.3–§7.4).
struct ImportJob: Sendable {
    enum Status: String { case queued, running, completed, failed }
    var id: String
    var acceptedAt: Double
    var schemaVersion: String
    var allowDuplicates: Bool
    var recordCount: Int
    /// The batch until it is applied (then the org holds the records).
    var records: [JSONObject]
    /// The batch's invalid references, found when it was accepted: an emulated org's queues,
    /// flows and wrap-up codes never change, so the answer at run time is the same.
    var invalidReferences: [JSONValue]
    /// Each record's `externalId`, for the duplicate check at run time.
    var externalIds: [String?]
    var status: Status = .queued
    var startedAt: Double?
    var endsAt: Double?
    var completedAt: Double?
    var importedCount = 0
    var errors: [JSONValue] = []
}

/// An analytics conversation-details job (§9).
struct AnalyticsJob: Sendable {
    var id: String
    var submittedAt: Double
    var readyAt: Double
    var start: ISOTimestamp
    var end: ISOTimestamp
    /// Indexes into the org's interactions, in conversation-start order, fixed at submission.
    var interactionIndexes: [Int]
}

/// How many requests an org saw, for `/emulator/summary`.
struct RequestCounts: Sendable {
    var total = 0
    var byRoute: [String: Int] = [:]
    var rejected429 = 0
    var rejected401 = 0
    var injected503 = 0
    var droppedConnections = 0
    /// Requests that arrived while a `Retry-After` the org had sent was still running.
    var retryAfterViolations = 0
}
