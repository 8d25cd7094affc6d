import Essentials

/// Everything that changes in an emulated org while it runs; guarded by the org's lock.
struct OrgState: Sendable {
    var interactions: [JSONValue]
    var externalIds: Set<String> = []
    var duplicateExternalIds = 0
    var tokens: [String: Double] = [:]
    var limiter: RateLimiter
    /// The time until which the last 429 told clients to wait.
    var blockedUntil: Double = 0
    /// When the 429 that began the current wait was written out; nil until it is.
    var blockedSince: Double?
    /// The connection that 429 went out on.
    var blockedConnection: Int?
    var exportJobs: [String: ExportJob] = [:]
    var importJobs: [String: ImportJob] = [:]
    /// Import job ids in acceptance order, for the one-at-a-time queue.
    var importQueue: [String] = []
    /// When the last applied import job ended: the next one starts no earlier (§7.4).
    var lastImportEnd: Double = 0
    /// How many accepted import jobs carried each externalId (re-sends count again).
    var postedExternalIds: [String: Int] = [:]
    var analyticsJobs: [String: AnalyticsJob] = [:]
    var counts = RequestCounts()
    var random: SeededGenerator

    init(content: OrgContent, knobs: OrgKnobs, seed: UInt64) {
        interactions = content.interactions
        limiter = RateLimiter(allowed: knobs.rateLimit, window: knobs.rateWindowSeconds)
        random = SeededGenerator(seed: seed ^ 0x5EED_FACE)
        for record in content.interactions {
            if let externalId = record["externalId"]?.stringValue { externalIds.insert(externalId) }
        }
    }

    /// A uniformly drawn number in [0, 1).
    mutating func draw() -> Double {
        Double(random.next() >> 11) / Double(1 << 53)
    }
}
