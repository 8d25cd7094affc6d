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
    /// Whether the job ends `failed` (the `failExportJobsShare` knob) rather than `completed`.
    var fails = false
    /// The current download, once completed.
    var downloadToken: String?
    var downloadExpiresAt: Double = 0
}
