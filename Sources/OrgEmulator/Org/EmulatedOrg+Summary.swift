import Essentials

extension EmulatedOrg {
    /// `GET /emulator/summary` (§10): what tests need to prove nothing was lost or duplicated.
    ///
    /// Besides §10's counts it carries the evidence of a client's hygiene:
    /// - `"retryAfterViolations": N`: API requests sent while a `Retry-After` this org had sent in
    ///   a 429 was still running: before its `Retry-After` ended, every request on the 429's own
    ///   connection after it, and every request on another connection that arrived more than
    ///   0.5 s after the 429 was written. (One already on its way before the client could have
    ///   read the 429, from a concurrent client's other tasks, doesn't count.)
    ///   Each org has one OAuth client, so this is that client's count.
    /// - `"storage": {"requests": N, "requestsWithAuthorization": N, "truncatedDownloads": N}`: the
    ///   object-storage origin's requests, and how many carried an `Authorization` header (any
    ///   scheme). The origin is shared by every org of the emulator, so each org's summary shows
    ///   the same storage counts.
    func summary() -> JSONValue {
        let now = clock()
        let storageCounts = storage.counts
        return state.withLock { state in
            advanceImports(&state, now: now)
            var jobs: [String: Int] = ["queued": 0, "running": 0, "completed": 0, "failed": 0]
            for job in state.importJobs.values { jobs[job.status.rawValue, default: 0] += 1 }
            let byRoute = JSONObject(state.counts.byRoute.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int(Int64($0.value))) })
            return [
                "org": .string(content.name),
                "interactions": .int(Int64(state.interactions.count)),
                "distinctExternalIds": .int(Int64(state.externalIds.count)),
                "duplicateExternalIds": .int(Int64(state.duplicateExternalIds)),
                "importJobs": .object(JSONObject(jobs.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int(Int64($0.value))) })),
                "requests": ["total": .int(Int64(state.counts.total)), "byRoute": .object(byRoute)],
                "rejected429": .int(Int64(state.counts.rejected429)),
                "rejected401": .int(Int64(state.counts.rejected401)),
                "injected503": .int(Int64(state.counts.injected503)),
                "droppedConnections": .int(Int64(state.counts.droppedConnections)),
                "retryAfterViolations": .int(Int64(state.counts.retryAfterViolations)),
                "storage": ["requests": .int(Int64(storageCounts.requests)),
                            "requestsWithAuthorization": .int(Int64(storageCounts.withAuthorization)),
                            "truncatedDownloads": .int(Int64(storageCounts.truncated))],
            ]
        }
    }

    /// The `externalId` of every interaction the org holds, one per interaction (so a duplicate
    /// shows twice), with the jobs due by now applied. For tests.
    public func heldExternalIds() -> [String] {
        let now = clock()
        return state.withLock { state in
            advanceImports(&state, now: now)
            return state.interactions.compactMap { $0["externalId"]?.stringValue }
        }
    }

    /// How many accepted import jobs (202) carried each `externalId`: a record sent again shows
    /// a higher count. For tests that prove completed chunks are never sent again.
    public func postedExternalIds() -> [String: Int] {
        state.withLock { $0.postedExternalIds }
    }

    /// API requests received so far (the summary's `requests.total`).
    public func requestTotal() -> Int {
        state.withLock { $0.counts.total }
    }
}
