import Essentials

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
