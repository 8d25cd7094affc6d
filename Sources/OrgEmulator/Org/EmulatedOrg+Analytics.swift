import Essentials

extension EmulatedOrg {
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
        return state.withLock { state in
            var indexes: [(Int64, String, Int)] = []
            for (i, record) in state.interactions.enumerated() {
                guard let text = record["startTime"]?.stringValue, let time = ISOTimestamp(text), time >= start, time < end else { continue }
                indexes.append((time.millisecondsSinceEpoch, record["id"]?.stringValue ?? "", i))
            }
            indexes.sort { ($0.0, $0.1) < ($1.0, $1.1) }
            let id = state.random.uuidString()
            state.analyticsJobs[id] = AnalyticsJob(id: id, submittedAt: now, readyAt: now + knobs.jobSeconds(records: indexes.count),
                                                   start: start, end: end, interactionIndexes: indexes.map(\.2))
            return .json(202, ["jobId": .string(id)])
        }
    }

    /// `GET .../jobs/{jobId}` (§9).
    func analyticsStatus(_ id: String, now: Double) -> HTTPResponse {
        state.withLock { state in
            guard let job = state.analyticsJobs[id] else {
                return error(404, "not.found", "analytics job \(id) does not exist")
            }
            var body = JSONObject([("state", .string(now >= job.readyAt ? "FULFILLED" : (now >= (job.submittedAt + job.readyAt) / 2 ? "PENDING" : "QUEUED"))),
                                   ("submissionDate", EmulatedOrg.iso(job.submittedAt)),
                                   ("expirationDate", EmulatedOrg.iso(job.submittedAt + 86_400))])
            if now >= job.readyAt { body["completionDate"] = EmulatedOrg.iso(job.readyAt) }
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
        enum Page { case missing, notReady, records([JSONValue], more: Bool) }
        let page: Page = state.withLock { state in
            guard let job = state.analyticsJobs[id] else { return .missing }
            guard now >= job.readyAt else { return .notReady }
            let slice = job.interactionIndexes.dropFirst(offset).prefix(size)
            return .records(slice.map { state.interactions[$0] }, more: offset + slice.count < job.interactionIndexes.count)
        }
        let records: [JSONValue], more: Bool
        switch page {
        case .missing: return error(404, "not.found", "analytics job \(id) does not exist")
        case .notReady: return error(400, "bad.request", "analytics job \(id) is not fulfilled yet")
        case .records(let found, let hasMore): (records, more) = (found, hasMore)
        }
        var body = JSONObject([("conversations", .array(records.compactMap(AnalyticsConversation.make(from:)))),
                               ("dataAvailabilityDate", EmulatedOrg.iso(now))])
        if more {
            body["cursor"] = .string(Base64.encode(Array("\(id):\(offset + records.count)".utf8)))
        }
        return .json(200, .object(body))
    }
}
