import Essentials

extension EmulatedOrg {
    /// `POST /api/v2/interaction/import` (§7.3): synchronous checks, then the job joins the org's queue.
    func createImport(_ request: HTTPRequest, now: Double) -> HTTPResponse {
        let body = try? JSONParser.parse(request.body)
        switch ImportValidator.checkRequest(body, schemaFields: schemaFields, supported: content.schemaVersions) {
        case .failure(let rejection):
            return error(rejection.status, rejection.code, rejection.message, errors: rejection.errors)
        case .success(let (records, version, allowDuplicates)):
            // The expensive part of the run-time check, done here on the connection's thread.
            let invalid = ImportValidator.invalidReferences(records, queues: queueIds.subtracting(knobs.queuesRemovedMidRun), flows: flowIds, wrapupCodes: wrapupCodeIds)
            let externalIds = records.map { $0["externalId"]?.stringValue }
            return state.withLock { state in
                advanceImports(&state, now: now)
                let id = state.random.uuidString()
                state.importJobs[id] = ImportJob(id: id, acceptedAt: now, schemaVersion: version,
                                                 allowDuplicates: allowDuplicates, recordCount: records.count, records: records,
                                                 invalidReferences: invalid, externalIds: externalIds)
                state.importQueue.append(id)
                for case let externalId? in externalIds { state.postedExternalIds[externalId, default: 0] += 1 }
                advanceImports(&state, now: now)
                return .json(202, ["id": .string(id), "status": "queued", "recordCount": .int(Int64(records.count)),
                                   "createdDate": EmulatedOrg.iso(now)])
            }
        }
    }

    /// `GET /api/v2/interaction/import/{importId}` (§7.3).
    func importStatus(_ id: String, now: Double) -> HTTPResponse {
        state.withLock { state in
            advanceImports(&state, now: now)
            guard let job = state.importJobs[id] else {
                return error(404, "not.found", "import job \(id) does not exist")
            }
            var body = JSONObject([
                ("id", .string(id)), ("status", .string(job.status.rawValue)), ("recordCount", .int(Int64(job.recordCount))),
                ("importedCount", .int(Int64(job.importedCount))), ("createdDate", EmulatedOrg.iso(job.acceptedAt)),
                ("errors", .array(job.errors)),
            ])
            if let completed = job.completedAt { body["completedDate"] = EmulatedOrg.iso(completed) }
            return .json(200, .object(body))
        }
    }

    /// Runs queued import jobs whose time has come, one at a time in acceptance order (§7.4): each
    /// starts when the one before it ended, and is checked against the org as it is then.
    func advanceImports(_ state: inout OrgState, now: Double) {
        while let head = state.importQueue.first, var job = state.importJobs[head] {
            let start = max(job.acceptedAt, state.lastImportEnd)
            let end = start + knobs.jobSeconds(records: job.records.count)
            job.startedAt = start
            job.endsAt = end
            guard now >= end else {
                job.status = now >= start ? .running : .queued
                state.importJobs[head] = job
                return
            }
            apply(&job, to: &state, at: end)
            state.importJobs[head] = job
            state.importQueue.removeFirst()
            state.lastImportEnd = end
        }
    }

    /// Validates a job's batch against the org and applies it whole, or fails it whole.
    private func apply(_ job: inout ImportJob, to state: inout OrgState, at time: Double) {
        var errors = job.invalidReferences
        if !job.allowDuplicates {
            errors += ImportValidator.duplicateKeys(job.externalIds, existing: state.externalIds)
        }
        job.completedAt = time
        defer {
            job.records = []  // the org holds them now, or they were rolled back
            job.invalidReferences = []
            job.externalIds = []
        }
        guard errors.isEmpty else {
            job.status = .failed
            job.importedCount = 0
            // Offenders in record order; within a record, references before duplicates.
            job.errors = errors.enumerated().sorted {
                ($0.element["recordIndex"]?.intValue ?? 0, $0.offset) < ($1.element["recordIndex"]?.intValue ?? 0, $1.offset)
            }.map(\.element)
            return
        }
        let stamp = EmulatedOrg.iso(time)
        for record in job.records {
            let id = state.random.uuidString()
            var stored = JSONObject([("id", .string(id)), ("selfUri", .string("/api/v2/interactions/\(id)")),
                                     ("version", 1), ("createdDate", stamp), ("lastUpdatedDate", stamp)])
            // The synchronous check refused system-managed fields, so no key repeats.
            for member in record { stored.append(uniqueKey: member.key, value: member.value) }
            state.interactions.append(.object(stored))
        }
        for case let externalId? in job.externalIds where !state.externalIds.insert(externalId).inserted {
            state.duplicateExternalIds += 1
        }
        job.status = .completed
        job.importedCount = job.recordCount
    }
}
