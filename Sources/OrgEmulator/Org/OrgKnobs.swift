/// The behaviour of one emulated org that tests and rehearsals turn: limits, latencies, faults.
public struct OrgKnobs: Sendable, Equatable {
    /// `expires_in` of issued tokens, in seconds.
    public var tokenLifetimeSeconds: Int = 86_399
    /// Requests allowed per rate-limit window (`inin-ratelimit-allowed`).
    public var rateLimit: Int = 300
    /// Length of the rate-limit window, in seconds.
    public var rateWindowSeconds: Double = 60
    /// Time an export, import or analytics job takes before any per-record time, in milliseconds.
    public var jobLatencyMilliseconds: Double = 200
    /// Extra job time per record, in milliseconds.
    public var jobLatencyPerRecordMilliseconds: Double = 0.01
    /// How long an export download URL works, in seconds.
    public var downloadURLLifetimeSeconds: Double = 300
    /// Share (0...1) of API requests answered 503.
    public var fault503Share: Double = 0
    /// Share (0...1) of API requests whose connection is dropped without an answer.
    public var faultDropShare: Double = 0
    /// Share (0...1) of export downloads cut short.
    public var faultTruncateShare: Double = 0
    /// Period of 429 storms, in seconds; each storm lasts a few seconds. Nil: no storms.
    public var stormEverySeconds: Double?
    /// The largest `pageSize` honoured; larger requests are silently capped, as the platform does.
    public var pageSizeCap: Int = 500
    /// How far behind now the org's analytics data lake is complete, in seconds: its
    /// `dataAvailabilityDate` (§9) is now minus this lag.
    public var dataAvailabilityLagSeconds: Double = 0
    /// Whether the org serves `/api/v2/interaction/export` and `/api/v2/interaction/import` (§7).
    /// False makes it behave like a real Genesys Cloud org, which has no such endpoints: every
    /// `/api/v2/interaction/...` path answers 404 and only analytics jobs (§9) export.
    public var servesInteractionExport: Bool = true
    /// Share (0...1) of export jobs and analytics jobs that end `failed` / `FAILED` instead of
    /// completing; which ones is drawn from the org's seeded random at submission.
    public var failExportJobsShare: Double = 0

    /// Queues that the queue list still shows but import jobs refuse as `INVALID_REFERENCE`: as
    /// if deleted after a client fetched the list (a pre-flight check passes, the job fails).
    public var queuesRemovedMidRun: Set<String> = []

    public init() {}

    /// How long a storm lasts within each period.
    var stormSeconds: Double { min(3, (stormEverySeconds ?? 0) / 2) }

    /// The time a job over `records` records takes, in seconds.
    func jobSeconds(records: Int) -> Double {
        (jobLatencyMilliseconds + jobLatencyPerRecordMilliseconds * Double(records)) / 1000
    }
}
