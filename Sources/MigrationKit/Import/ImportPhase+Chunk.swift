import Essentials
import Foundation

extension ImportPhase {
    /// Takes one chunk through the protocol (contract §7.5) from where its record stands to
    /// completed, failed, or pending for the next run. Every step is recorded before the next
    /// request.
    func send(_ item: Work, store: StateStore, schedule: JobSchedule, counters: Counters,
              progress: @escaping @Sendable (ImportEvent) -> Void) async throws -> ImportChunkOutcome {
        let chunk = item.chunk
        let name = "\(chunk.window)#\(chunk.index)"
        var state = item.recorded ?? ImportChunkState(index: chunk.index, records: chunk.records, status: .submitting, inDoubt: item.replanned)
        if item.recorded == nil {
            try await store.record(.importChunk(window: chunk.window, chunk: chunk.hash, state))
        } else if state.status == .failed {
            // --reconcile-duplicates: a chunk that failed on records the destination already held.
            state.status = .submitting
            state.failure = nil
            state.errors = []
            state.inDoubt = true
            try await store.record(.importChunk(window: chunk.window, chunk: chunk.hash, state))
        } else if state.status == .submitting, !state.inDoubt {
            // Recorded as about to be sent, by a run that stopped: the POST may have been applied.
            state.inDoubt = true
            try await store.record(.importChunk(window: chunk.window, chunk: chunk.hash, state))
        }
        func record() async throws { try await store.record(.importChunk(window: chunk.window, chunk: chunk.hash, state)) }
        func outcome(_ result: ImportChunkOutcome.Result, _ errors: [String] = []) -> ImportChunkOutcome {
            ImportChunkOutcome(window: chunk.window, index: chunk.index, hash: chunk.hash, result: result,
                               records: result == .completed ? state.sentRecords : chunk.records, alreadyHeld: state.excluded.count,
                               finishedThisRun: true, failure: state.failure, errors: result == .failed ? state.errors : errors)
        }
        var transientPosts = 0
        var pausedReconciling = false
        if state.status == .submitted, let id = state.importId { schedule.resumed(id, records: state.sentRecords, at: client.clock.now()) }
        while true {
            switch state.status {
            case .completed:
                return outcome(.completed)
            case .failed:
                return outcome(.failed)
            case .submitting:
                try await pause(pausedReconciling ? "reconciling" : "submitting", name, progress)
                let excluded = Set(state.excluded)
                let body = chunk.body(excluding: excluded, schemaVersion: options.schemaVersion)
                counters.posts.add(1, ordering: .relaxed)
                do {
                    let answer = try await client.post("/api/v2/interaction/import", bytes: body, retryTransient: false)
                    guard let id = answer.body["id"]?.stringValue, !id.isEmpty else {
                        throw OrgClientError.malformedResponse(org: client.label, method: "POST", path: "/api/v2/interaction/import",
                                                               reason: "the 202 has no import id", correlationId: nil)
                    }
                    let acceptedAt = client.clock.now()
                    try await pause("accepted", name, progress)
                    state.status = .submitted
                    state.importId = id
                    try await record()
                    schedule.accepted(id, records: chunk.records - excluded.count, at: acceptedAt, created: Self.time(answer.body["createdDate"]))
                } catch let error as OrgAPIError where Self.isPermanentRefusal(error) {
                    state.status = .failed
                    state.failure = .rejected
                    state.errors = Self.describe(error)
                    try await record()
                } catch let error as OrgAPIError where error.status == 404 {
                    throw ImportPhaseError.noImportAPI(org: client.label, detail: "POST /api/v2/interaction/import answered 404")
                } catch where Self.leavesInDoubt(error) {
                    // No answer, or not one that says the org did nothing: the POST may have been applied.
                    transientPosts += 1
                    if !state.inDoubt {
                        state.inDoubt = true
                        try await record()
                    }
                    guard transientPosts < options.submitAttempts else {
                        return outcome(.pending, ["in doubt after \(transientPosts) POSTs that failed transiently (\(error)); run again to send it again"])
                    }
                    progress(.note("chunk \(name): POST failed transiently (\(error)); sending it again, as in doubt"))
                    try await client.clock.sleep(seconds: client.retry.delay(forRetry: transientPosts, unit: Double.random(in: 0..<1)))
                }
            case .submitted:
                guard let id = state.importId else {
                    state.status = .submitting
                    state.inDoubt = true
                    try await record()
                    continue
                }
                let status: JSONValue
                do {
                    status = try await waitForJob(id, records: state.sentRecords, schedule: schedule, counters: counters)
                } catch let error as OrgAPIError where error.status == 404 {
                    // The org no longer knows the job: whether it was applied is unknown.
                    schedule.forget(id, at: client.clock.now())
                    progress(.note("chunk \(name): import job \(id) is unknown to the org (404); sending the chunk again, as in doubt"))
                    state.status = .submitting
                    state.inDoubt = true
                    try await record()
                    continue
                } catch where Self.leavesInDoubt(error) {
                    schedule.forget(id, at: client.clock.now())
                    return outcome(.pending, ["import job \(id) could not be polled (\(error)); run again to poll it"])
                }
                let job = status["status"]?.stringValue ?? ""
                schedule.ended(id, created: Self.time(status["createdDate"]), completed: Self.time(status["completedDate"]), at: client.clock.now())
                switch job {
                case "completed":
                    state.status = .completed
                    state.errors = []
                    // Kept so that a dry run can learn how long this org's jobs take.
                    state.jobCreatedDate = status["createdDate"]?.stringValue
                    state.jobCompletedDate = status["completedDate"]?.stringValue
                    try await record()
                case "failed":
                    pausedReconciling = try await settleFailure(status["errors"]?.arrayValue ?? [], state: &state, chunk: chunk, name: name, progress: progress)
                    try await record()
                default:  // canceled: nothing was applied, or so the org says; in doubt all the same.
                    progress(.note("chunk \(name): import job \(id) ended \(job); sending the chunk again, as in doubt"))
                    state.status = .submitting
                    state.inDoubt = true
                    try await record()
                }
            }
        }
    }

    /// Decides what a failed job's errors mean for its chunk, changing `state`: duplicates of an
    /// in-doubt chunk (or any, with `--reconcile-duplicates`) are left out and the rest is sent
    /// again; anything else fails the chunk for good. Returns whether a re-send follows.
    private func settleFailure(_ errors: [JSONValue], state: inout ImportChunkState, chunk: ImportChunk, name: String,
                               progress: @Sendable (ImportEvent) -> Void) async throws -> Bool {
        let codes = Set(errors.map { $0["code"]?.stringValue ?? "" })
        let duplicates = errors.filter { $0["code"]?.stringValue == "DUPLICATE_KEY" }.compactMap { $0["recordIndex"]?.intValue }
        if codes == ["DUPLICATE_KEY"], !duplicates.isEmpty, state.inDoubt || options.reconcileDuplicates {
            // recordIndex counts the records sent: map it back to positions in the planned chunk.
            let excluded = Set(state.excluded)
            let sent = (0..<chunk.records).filter { !excluded.contains($0) }
            let held = duplicates.compactMap { $0 >= 0 && Int($0) < sent.count ? sent[Int($0)] : nil }
            state.excluded = Array(excluded.union(held)).sorted()
            state.inDoubt = true
            state.importId = nil
            if state.excluded.count >= chunk.records {
                state.status = .completed
                progress(.note("chunk \(name): the destination already holds all of its \(chunk.records) records; done"))
                return false
            }
            state.status = .submitting
            progress(.note("chunk \(name): the destination already holds \(held.count) of its records (DUPLICATE_KEY); sending the other \(chunk.records - state.excluded.count)"))
            return true
        }
        state.status = .failed
        if codes.contains("INVALID_REFERENCE") {
            state.failure = .invalidReference
        } else if codes == ["DUPLICATE_KEY"] {
            state.failure = .duplicateKey
        } else {
            state.failure = .rejected
        }
        state.errors = Self.describe(errors)
        if state.errors.isEmpty { state.errors = ["the import job ended failed without listing errors"] }
        return false
    }

    /// Polls job `id` until it ends: first near its predicted end, then backing off while it is late.
    private func waitForJob(_ id: String, records: Int, schedule: JobSchedule, counters: Counters) async throws -> JSONValue {
        var late = 0
        var notBefore = -Double.infinity
        while true {
            // Sleep towards the predicted end in slices, so that what other jobs teach the
            // schedule in the meantime moves the poll.
            while true {
                let estimate = schedule.estimate(records: records)
                let target = max(notBefore, schedule.predictedEnd(id) + 0.02 + 0.03 * estimate)
                let wait = target - client.clock.now()
                if wait <= 0 { break }
                try await client.clock.sleep(seconds: min(wait, 0.25))
            }
            counters.polls.add(1, ordering: .relaxed)
            let status = try await client.get("/api/v2/interaction/import/\(PercentEncoding.encode(id))")
            switch status["status"]?.stringValue {
            case "queued", "running", nil:
                late += 1
                let step = max(0.05, 0.1 * schedule.estimate(records: records)) * pow(1.5, Double(late - 1))
                notBefore = client.clock.now() + min(options.pollCapSeconds, step)
            default:
                return status
            }
        }
    }

    private func pause(_ point: String, _ chunk: String, _ progress: @Sendable (ImportEvent) -> Void) async throws {
        guard let seconds = options.testPauses.seconds[point] else { return }
        progress(.paused(point: point, chunk: chunk))
        try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
    }

    /// A synchronous refusal that is the chunk's own (§7.3): 400, 413, 422. Not 401/403 (the
    /// client's), 404 (no API), 408/429/5xx (the org did not act).
    static func isPermanentRefusal(_ error: OrgAPIError) -> Bool {
        [400, 409, 413, 415, 422].contains(error.status)
    }

    /// Whether `error` leaves it unknown if the org acted on the request: no answer, a
    /// transient status, a 202 that could not be read.
    static func leavesInDoubt(_ error: any Error) -> Bool {
        if let error = error as? OrgAPIError { return error.isTransient || error.status == 408 || error.status == 429 }
        if let error = error as? OrgClientError {
            if error.isTransient { return true }
            if case .malformedResponse = error { return true }
        }
        return false
    }

    /// The platform's errors as lines for the state file and the report, at most
    /// ``ImportChunkState/maximumErrors`` of them and then a count.
    static func describe(_ errors: [JSONValue]) -> [String] {
        var lines: [String] = []
        for entry in errors.prefix(ImportChunkState.maximumErrors) {
            let code = entry["code"]?.stringValue ?? "error"
            let record = entry["recordIndex"]?.intValue.map { "record \($0): " } ?? ""
            switch code {
            case "INVALID_REFERENCE":
                lines.append("\(record)INVALID_REFERENCE \(entry["path"]?.stringValue ?? "?"): \(entry["entityType"]?.stringValue ?? "entity") \(entry["id"]?.stringValue ?? "?") is not in the destination")
            case "DUPLICATE_KEY":
                lines.append("\(record)DUPLICATE_KEY: the destination already holds externalId \(entry["externalId"]?.stringValue ?? "?")")
            default:
                let text = (try? JSONWriter.compact(entry)).map { String(decoding: $0, as: UTF8.self) } ?? code
                lines.append(record + text)
            }
        }
        if errors.count > ImportChunkState.maximumErrors { lines.append("... and \(errors.count - ImportChunkState.maximumErrors) more") }
        return lines
    }

    static func describe(_ error: OrgAPIError) -> [String] {
        ["\(error.status) \(error.code ?? "error"): \(error.message ?? "no message") (correlation id \(error.correlationId ?? "none"))"] + describe(error.errors)
    }

    /// Seconds since the epoch of an ISO-8601 time.
    static func time(_ value: JSONValue?) -> Double? {
        value?.stringValue.flatMap(ISOTimestamp.init)?.secondsSinceEpoch
    }
}
