import Essentials

/// How long the import would take, from below: its jobs run one at a time in the destination
/// (contract §7.4), and its requests must fit the destination's rate budget (§3.2). The estimate
/// is the larger of the two floors, and says which one it is.
public struct DryRunEstimate: Sendable, Equatable {
    /// Which floor the estimate is.
    public enum Bound: String, Sendable {
        /// The jobs, one after another.
        case jobs
        /// The requests, spread over the rate budget.
        case rateBudget
    }

    /// Import jobs to post: one per chunk to send, and one more per in-doubt chunk whose
    /// `DUPLICATE_KEY` failure would be reconciled by sending the rest.
    public var posts: Int
    /// Status polls: one per job (as the import's schedule aims for) and one per accepted job.
    public var polls: Int
    /// The import's other requests: its org identity and the destination's configuration lists.
    public var fixedRequests: Int
    /// Requests allowed per window, from `inin-ratelimit-allowed`; nil when no answer said.
    public var allowed: Int?
    /// The window's length: the longest `inin-ratelimit-reset` the dry run's requests saw.
    public var windowSeconds: Double?
    /// The time one job takes: learned from the jobs the state records, else ``defaultJobSeconds``.
    public var jobSecondsEach: Double
    /// How many completed jobs of the state it was learned from; 0 when it is the default guess.
    public var learnedFromJobs: Int
    /// The guess used when nothing was learned.
    public var defaultJobSeconds: Double
    /// The jobs one after another.
    public var jobFloorSeconds: Double
    /// ``requests`` spread over the budget: those beyond the first window's `allowed` at `allowed`
    /// per window; nil when the budget is unknown.
    public var requestFloorSeconds: Double?

    /// Every request the import would send.
    public var requests: Int { posts + polls + fixedRequests }
    /// The estimate: the larger floor.
    public var seconds: Double { max(jobFloorSeconds, requestFloorSeconds ?? 0) }
    /// Which floor ``seconds`` is.
    public var bound: Bound { (requestFloorSeconds ?? 0) > jobFloorSeconds ? .rateBudget : .jobs }

    /// The estimate for jobs of `jobRecords` records each, `extraPolls` accepted jobs to poll and
    /// `fixedRequests` others, with the destination's announced `budget` and the job times
    /// `learned` from the state.
    static func make(jobRecords: [Int], extraPolls: Int, fixedRequests: Int, budget: (allowed: Int, windowSeconds: Double)?,
                     learned: [(records: Int, seconds: Double)], defaultJobSeconds: Double) -> DryRunEstimate {
        let perJob = jobRecords.map { seconds(records: $0, learned: learned, fallback: defaultJobSeconds) }
        let typical = jobRecords.isEmpty ? seconds(records: 1000, learned: learned, fallback: defaultJobSeconds)
            : perJob.reduce(0, +) / Double(perJob.count)
        var estimate = DryRunEstimate(posts: jobRecords.count, polls: jobRecords.count + extraPolls, fixedRequests: fixedRequests,
                                      allowed: budget?.allowed, windowSeconds: budget?.windowSeconds, jobSecondsEach: typical,
                                      learnedFromJobs: learned.count, defaultJobSeconds: defaultJobSeconds,
                                      jobFloorSeconds: perJob.reduce(0, +), requestFloorSeconds: nil)
        if let budget, budget.allowed > 0 {
            // A fresh window takes `allowed` requests at once; each further `allowed` needs one more window.
            estimate.requestFloorSeconds = Double(max(0, estimate.requests - budget.allowed)) * budget.windowSeconds / Double(budget.allowed)
        }
        return estimate
    }

    /// A job of `records` records: the median of the learned jobs of that size, else of all
    /// learned jobs (as the import's ``JobSchedule`` predicts), else `fallback`.
    static func seconds(records: Int, learned: [(records: Int, seconds: Double)], fallback: Double) -> Double {
        guard !learned.isEmpty else { return fallback }
        let same = learned.filter { $0.records == records }.map(\.seconds)
        let pool = same.isEmpty ? learned.map(\.seconds) : same
        return pool.sorted()[pool.count / 2]
    }

    /// The time each completed job of `imports` ran, from the platform's times kept with its
    /// chunk: jobs of one org run one at a time in order (§7.4), so a job ran from the later of
    /// its creation and the previous job's completion until its own completion.
    static func learnedJobs(from imports: ImportState) -> [(records: Int, seconds: Double)] {
        var jobs: [(records: Int, created: Double, completed: Double)] = []
        for chunks in imports.windows.values {
            for chunk in chunks.values where chunk.status == .completed {
                guard let created = chunk.jobCreatedDate.flatMap(ISOTimestamp.init),
                      let completed = chunk.jobCompletedDate.flatMap(ISOTimestamp.init), completed >= created else { continue }
                jobs.append((chunk.sentRecords, created.secondsSinceEpoch, completed.secondsSinceEpoch))
            }
        }
        jobs.sort { $0.completed < $1.completed }
        var out: [(records: Int, seconds: Double)] = []
        var previous = -Double.infinity
        for job in jobs {
            out.append((job.records, job.completed - max(job.created, previous)))
            previous = job.completed
        }
        return out
    }

    var jsonValue: JSONValue {
        var object = JSONObject([
            ("seconds", .double(seconds)), ("bound", .string(bound.rawValue)),
            ("requests", .int(Int64(requests))), ("posts", .int(Int64(posts))), ("polls", .int(Int64(polls))),
            ("fixedRequests", .int(Int64(fixedRequests))),
            ("jobFloorSeconds", .double(jobFloorSeconds)), ("jobSecondsEach", .double(jobSecondsEach)),
            ("learnedFromJobs", .int(Int64(learnedFromJobs))),
        ])
        if learnedFromJobs == 0 { object["defaultJobSeconds"] = .double(defaultJobSeconds) }
        if let allowed { object["rateAllowed"] = .int(Int64(allowed)) }
        if let windowSeconds { object["rateWindowSeconds"] = .double(windowSeconds) }
        if let requestFloorSeconds { object["requestFloorSeconds"] = .double(requestFloorSeconds) }
        return .object(object)
    }
}
