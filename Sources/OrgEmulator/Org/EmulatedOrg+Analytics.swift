import Essentials

extension EmulatedOrg {
    /// The `errorMessage` of an analytics job the `failExportJobsShare` knob failed.
    static let failedAnalyticsMessage = "The analytics job failed in the emulator (failJobsShare); submit the interval again as a new job"

    /// `POST /api/v2/analytics/conversations/details/jobs` (§9).
    func createAnalyticsJob(_ request: HTTPRequest, now: Double) -> HTTPResponse {
        let body: JSONObject
        switch jsonObject(request) {
        case .success(let object): body = object
        case .failure(let failure): return failure.response
        }
        guard let interval = body["interval"]?.stringValue else {
            return error(400, "bad.request", "interval is required, as start/end in ISO-8601")
        }
        let parts = interval.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = ISOTimestamp(String(parts[0])), let end = ISOTimestamp(String(parts[1])), start < end else {
            return error(400, "bad.request", "interval must be start/end in ISO-8601 UTC, start before end")
        }
        let (from, to) = (start.millisecondsSinceEpoch, end.millisecondsSinceEpoch)
        return state.withLock { state in
            var indexes: [(Int64, String, Int)] = []
            for (i, record) in state.interactions.enumerated() {
                guard let life = EmulatedOrg.lifetime(of: record) else { continue }
                // Overlap (§9); a conversation of no length still belongs to the window it starts in.
                let overlaps = life.start < to && life.end > from
                let startsInside = life.start >= from && life.start < to
                guard overlaps || startsInside else { continue }
                indexes.append((life.start, record["id"]?.stringValue ?? "", i))
            }
            indexes.sort { ($0.0, $0.1) < ($1.0, $1.1) }
            let id = state.random.uuidString()
            let fails = knobs.failExportJobsShare > 0 && state.draw() < knobs.failExportJobsShare
            state.analyticsJobs[id] = AnalyticsJob(id: id, submittedAt: now, readyAt: now + knobs.jobSeconds(records: indexes.count),
                                                   start: start, end: end, interactionIndexes: indexes.map(\.2), fails: fails)
            return .json(202, ["jobId": .string(id)])
        }
    }

    /// A record's lifetime in milliseconds since the epoch, as its analytics conversation shows it
    /// (``AnalyticsConversation``): `startTime` to `endTime`, else to `durationSeconds` after the
    /// start, else to the start itself; nil without a parseable `startTime`.
    static func lifetime(of record: JSONValue) -> (start: Int64, end: Int64)? {
        guard let text = record["startTime"]?.stringValue, let start = ISOTimestamp(text)?.millisecondsSinceEpoch else { return nil }
        var end = start
        if let text = record["endTime"]?.stringValue, let parsed = ISOTimestamp(text) {
            end = parsed.millisecondsSinceEpoch
        } else if let seconds = record["durationSeconds"]?.intValue {
            end = start + 1000 * max(0, seconds)
        }
        return (start, max(start, end))
    }

    /// `GET .../jobs/availability` (§9): data before the returned time is complete; the
    /// `dataAvailabilityLagSeconds` knob puts it that far behind now.
    func analyticsAvailability(now: Double) -> HTTPResponse {
        .json(200, ["dataAvailabilityDate": dataAvailabilityDate(now: now)])
    }

    /// The org's `dataAvailabilityDate` at `now`, shared by the availability endpoint and results pages.
    func dataAvailabilityDate(now: Double) -> JSONValue {
        EmulatedOrg.iso(now - knobs.dataAvailabilityLagSeconds)
    }

    /// `GET .../jobs/{jobId}` (§9).
    func analyticsStatus(_ id: String, now: Double) -> HTTPResponse {
        state.withLock { state in
            guard let job = state.analyticsJobs[id] else {
                return error(404, "not.found", "analytics job \(id) does not exist")
            }
            let ended = now >= job.readyAt
            let stateName = ended ? (job.fails ? "FAILED" : "FULFILLED") : (now >= (job.submittedAt + job.readyAt) / 2 ? "PENDING" : "QUEUED")
            var body = JSONObject([("state", .string(stateName)),
                                   ("submissionDate", EmulatedOrg.iso(job.submittedAt)),
                                   ("expirationDate", EmulatedOrg.iso(job.submittedAt + 86_400))])
            if ended { body["completionDate"] = EmulatedOrg.iso(job.readyAt) }
            if ended && job.fails { body["errorMessage"] = .string(EmulatedOrg.failedAnalyticsMessage) }
            return .json(200, .object(body))
        }
    }

    /// `GET .../jobs/{jobId}/results?pageSize=&cursor=` (§9): conversations in start order, paged by
    /// an opaque cursor that belongs to its job.
    func analyticsResults(_ id: String, _ request: HTTPRequest, now: Double) -> HTTPResponse {
        let size = min(max(Int(request.query("pageSize") ?? "") ?? 1000, 1), 1000)
        var offset = 0
        if let cursor = request.query("cursor") {
            guard let decoded = Base64.decode(cursor).map({ String(decoding: $0, as: UTF8.self) }),
                  let colon = decoded.lastIndex(of: ":"), String(decoded[..<colon]) == id,
                  let at = Int(decoded[decoded.index(after: colon)...]), at >= 0
            else {
                return error(400, "bad.request", "the cursor does not belong to analytics job \(id)")
            }
            offset = at
        }
        enum Page { case missing, notReady, failed, records([JSONValue], more: Bool) }
        let page: Page = state.withLock { state in
            guard let job = state.analyticsJobs[id] else { return .missing }
            guard now >= job.readyAt else { return .notReady }
            guard !job.fails else { return .failed }
            let slice = job.interactionIndexes.dropFirst(offset).prefix(size)
            return .records(slice.map { state.interactions[$0] }, more: offset + slice.count < job.interactionIndexes.count)
        }
        let records: [JSONValue], more: Bool
        switch page {
        case .missing: return error(404, "not.found", "analytics job \(id) does not exist")
        case .notReady: return error(400, "bad.request", "analytics job \(id) is not fulfilled yet")
        case .failed: return error(400, "bad.request", "analytics job \(id) failed and has no results; submit the interval again")
        case .records(let found, let hasMore): (records, more) = (found, hasMore)
        }
        var body = JSONObject([("conversations", .array(records.compactMap(AnalyticsConversation.make(from:)))),
                               ("dataAvailabilityDate", dataAvailabilityDate(now: now))])
        if more {
            body["cursor"] = .string(Base64.encode(Array("\(id):\(offset + records.count)".utf8)))
        }
        return .json(200, .object(body))
    }
}
