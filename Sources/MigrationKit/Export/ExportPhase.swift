import Essentials
import Foundation

/// The export phase of a named migration: the source org's interactions for `[from, to)`, window
/// by window, into `state/NAME/export/<window>.jsonl`, each file verified and recorded in the
/// state store, so that a run stopped at any moment is resumed without losing or repeating work.
///
/// - A completed window whose file still has its SHA-256 is skipped; a changed or missing file is
///   exported again (and the run says so).
/// - A window with a job in flight is polled, not submitted again; a job the platform no longer
///   knows (404), or one that failed, was cancelled or expired, is submitted again, up to
///   ``Options/jobAttempts`` jobs per window. Then the window is failed with the platform's reason,
///   and the others go on.
/// - Every request goes through the one org client: its pacing, retries and token refresh.
public struct ExportPhase: Sendable {
    /// How to export.
    public struct Options: Sendable {
        public var range: ExportRange
        /// Interaction types (§6); all five by default.
        public var types: [String]
        /// The source kind; nil asks the org (`auto`).
        public var sourceKind: ExportSourceKind?
        /// Windows in flight at once.
        public var concurrency: Int
        /// The schema version of exported records (interaction export).
        public var schemaVersion: String
        /// Jobs per window before it is failed.
        public var jobAttempts: Int
        /// Download attempts per job (the first and up to 3 retries).
        public var downloadAttempts: Int
        /// The first poll's wait before any job of the run has completed, in seconds.
        public var firstPollSeconds: Double
        /// The longest wait between polls.
        public var pollCapSeconds: Double

        public init(range: ExportRange, types: [String] = ["voice", "chat", "email", "message", "callback"],
                    sourceKind: ExportSourceKind? = nil, concurrency: Int = 4, schemaVersion: String = "v2.1",
                    jobAttempts: Int = 3, downloadAttempts: Int = 4, firstPollSeconds: Double = 1, pollCapSeconds: Double = 30) {
            self.range = range
            self.types = types
            self.sourceKind = sourceKind
            self.concurrency = max(1, concurrency)
            self.schemaVersion = schemaVersion
            self.jobAttempts = max(1, jobAttempts)
            self.downloadAttempts = max(1, downloadAttempts)
            self.firstPollSeconds = firstPollSeconds
            self.pollCapSeconds = pollCapSeconds
        }
    }

    public let workspace: MigrationWorkspace
    public let client: OrgClient
    public let options: Options

    public init(workspace: MigrationWorkspace, client: OrgClient, options: Options) {
        self.workspace = workspace
        self.client = client
        self.options = options
    }

    /// Exports every window, reporting each through `progress`.
    ///
    /// - Throws: when the run can't start (another source org, data not complete yet, the org
    ///   unreachable or refusing the credentials) or the state can't be recorded. A window's
    ///   own trouble is in its outcome, not thrown.
    public func run(store: StateStore, progress: @escaping @Sendable (ExportEvent) -> Void = { _ in }) async throws -> ExportSummary {
        var clock = Stopwatch()
        let identity = try await client.organization()
        try await checkSourceOrg(identity, store: store)
        let (kind, reason) = try await chooseSource()
        progress(.sourceChosen(kind, reason: reason))
        let windows = options.range.windows
        let context: SourceContext
        switch kind {
        case .interactionExport:
            context = SourceContext(kind: kind)
        case .analytics:
            context = try await analyticsContext(windows: windows)
        }
        let known = await store.state.export
        if known.sourceOrgId != identity.id || known.sourceOrgName != identity.name {
            try await store.record(.exportSource(id: identity.id, name: identity.name))
        }
        let polling = JobPolling(first: options.firstPollSeconds, cap: options.pollCapSeconds)
        var outcomes: [String: ExportWindowOutcome] = [:]
        try await withThrowingTaskGroup(of: ExportWindowOutcome.self) { group in
            var next = 0
            func launch() {
                guard next < windows.count else { return }
                let window = windows[next]
                next += 1
                group.addTask {
                    try await self.export(window, context: context, store: store, polling: polling, progress: progress)
                }
            }
            for _ in 0..<min(options.concurrency, windows.count) { launch() }
            while let outcome = try await group.next() {
                outcomes[outcome.window] = outcome
                progress(.windowFinished(outcome))
                launch()
            }
        }
        return ExportSummary(sourceKind: kind, sourceOrgId: identity.id, sourceOrgName: identity.name,
                             windows: windows.compactMap { outcomes[$0.name] }, seconds: clock.lap())
    }

    // MARK: - Before the first job

    /// Refuses a source org other than the one the mapping file (or an earlier export) names.
    func checkSourceOrg(_ identity: OrgIdentity, store: StateStore) async throws {
        if FileManager.default.fileExists(atPath: workspace.mappingFile) {
            let mapping = try MappingFile.read(path: workspace.mappingFile)
            if mapping.source.orgId.lowercased() != identity.id.lowercased() {
                throw ExportPhaseError.otherSourceOrg(file: workspace.mappingFile, expected: "\(mapping.source.orgName) (\(mapping.source.orgId))",
                                                      found: "\(identity.name) (\(identity.id))")
            }
        }
        let known = await store.state.export
        if let id = known.sourceOrgId, id.lowercased() != identity.id.lowercased(), !known.windows.isEmpty {
            throw ExportPhaseError.otherSourceOrg(file: workspace.stateFile, expected: "\(known.sourceOrgName ?? id) (\(id))",
                                                  found: "\(identity.name) (\(identity.id))")
        }
    }

    /// The source kind asked for, or (auto) the one the org offers: interaction export when it
    /// answers `GET /api/v2/interaction/export/schemas`, analytics when that is 404 (a real org).
    func chooseSource() async throws -> (ExportSourceKind, String) {
        if let kind = options.sourceKind { return (kind, "--source-kind \(kind.rawValue)") }
        if try await client.interactionSchemas() != nil {
            return (.interactionExport, "the org serves interaction export jobs")
        }
        return (.analytics, "the org has no interaction export jobs (as a Genesys Cloud org), so analytics conversation-details jobs")
    }

    /// What every analytics window needs: the org's data availability (checked against every
    /// window) and the queue and wrap-up code names, fetched once.
    func analyticsContext(windows: [ExportWindow]) async throws -> SourceContext {
        let availability = try await client.get("/api/v2/analytics/conversations/details/jobs/availability")
        guard let text = availability["dataAvailabilityDate"]?.stringValue, let available = ISOTimestamp(text) else {
            throw OrgClientError.malformedResponse(org: client.label, method: "GET",
                                                   path: "/api/v2/analytics/conversations/details/jobs/availability",
                                                   reason: "no dataAvailabilityDate", correlationId: nil)
        }
        if let late = windows.first(where: { $0.end > available }) {
            throw ExportOptionsError.dataNotAvailable(windowEnd: late.end, availableUntil: available)
        }
        async let queues = client.listAll("/api/v2/routing/queues")
        async let codes = client.listAll("/api/v2/routing/wrapupcodes")
        func names(_ entities: [JSONValue]) -> [String: String] {
            var out: [String: String] = [:]
            for entity in entities {
                if let id = entity["id"]?.stringValue, let name = entity["name"]?.stringValue { out[id] = name }
            }
            return out
        }
        return SourceContext(kind: .analytics, availableUntil: available, queueNames: names(try await queues),
                             wrapupCodeNames: names(try await codes))
    }

    // MARK: - One window

    func export(_ window: ExportWindow, context: SourceContext, store: StateStore, polling: JobPolling,
                progress: @escaping @Sendable (ExportEvent) -> Void) async throws -> ExportWindowOutcome {
        var clock = Stopwatch()
        let name = window.name
        let path = workspace.exportFile(window: name)
        let previous = await store.state.export.windows[name]
        if let previous, previous.status == .completed, previous.start == window.start, previous.end == window.end {
            if let sha = previous.sha256, FileManager.default.fileExists(atPath: path),
               (try? SHA256.hashFile(atPath: path).hex) == sha {
                return ExportWindowOutcome(window: name, state: previous, skipped: true, seconds: 0)
            }
            progress(.note(window: name, FileManager.default.fileExists(atPath: path)
                ? "its file changed since it was exported; exporting it again"
                : "its file is missing; exporting it again"))
        }
        var state = ExportWindowState(start: window.start, end: window.end, sourceKind: context.kind.rawValue, status: .submitted,
                                      file: workspace.relative(path))
        // A job in flight from an earlier run of the same kind is polled, not submitted again.
        var jobId: String? = nil
        if let previous, previous.status == .submitted, previous.sourceKind == context.kind.rawValue,
           previous.start == window.start, previous.end == window.end {
            jobId = previous.jobId
            state.jobsSubmitted = previous.jobsSubmitted
        }
        var lastError = "no job was submitted"
        while true {
            if jobId == nil {
                guard state.jobsSubmitted < options.jobAttempts else { break }
                do {
                    jobId = try await submit(window, kind: context.kind)
                } catch let error as OrgAPIError where error.status >= 500 || error.status == 408 {
                    // A transient answer the client's own retries did not outlast: another job,
                    // within the same bound.
                    state.jobsSubmitted += 1
                    lastError = "the org did not take the job: \(error)"
                    progress(.note(window: name, "\(lastError); submitting again"))
                    continue
                } catch let error as OrgAPIError where (400..<500).contains(error.status) && error.status != 429 {
                    lastError = "the org refused the job: \(error)"
                    break
                }
                state.jobsSubmitted += 1
                state.jobId = jobId
                state.status = .submitted
                try await store.record(.exportWindow(name, state))
            }
            do {
                let result = try await finish(job: jobId!, window: window, context: context, path: path, polling: polling, progress: progress)
                state.status = .completed
                state.recordCount = result.records
                state.sha256 = result.sha256
                state.leftOut = result.leftOut
                state.incompleteRecords = result.incomplete
                state.lastError = nil
                try await store.record(.exportWindow(name, state))
                return ExportWindowOutcome(window: name, state: state, skipped: false, seconds: clock.lap(), fetchSeconds: result.seconds)
            } catch let failure as JobEnded {
                lastError = failure.reason
                if failure.resubmit {
                    progress(.note(window: name, "\(failure.reason); submitting a new job"))
                    jobId = nil
                    continue
                }
                break
            } catch let failure as WindowFailure {
                lastError = failure.reason
                break
            } catch let error as OrgAPIError {
                lastError = "\(error)"
                break
            } catch let error as OrgClientError {
                if case .invalidCredentials = error { throw error }
                lastError = "\(error)"
                break
            }
        }
        state.status = .failed
        state.lastError = lastError
        try await store.record(.exportWindow(name, state))
        return ExportWindowOutcome(window: name, state: state, skipped: false, seconds: clock.lap())
    }

    /// Submits the window's job; returns its id.
    func submit(_ window: ExportWindow, kind: ExportSourceKind) async throws -> String {
        switch kind {
        case .interactionExport:
            let body: JSONValue = .object(JSONObject([
                ("startDate", .string(window.start.description)), ("endDate", .string(window.end.description)),
                ("schemaVersion", .string(options.schemaVersion)), ("includeTranscripts", false), ("includeMedia", false),
                ("interactionTypes", .array(options.types.map(JSONValue.string))), ("format", "jsonl"),
            ]))
            let answer = try await client.post("/api/v2/interaction/export", body: body)
            guard let id = answer.body["id"]?.stringValue else { throw WindowFailure(reason: "the export job's answer has no id") }
            return id
        case .analytics:
            let body: JSONValue = .object(JSONObject([
                ("interval", .string("\(window.start.description)/\(window.end.description)")),
                ("order", "asc"), ("orderBy", "conversationStart"),
            ]))
            let answer = try await client.post("/api/v2/analytics/conversations/details/jobs", body: body)
            guard let id = answer.body["jobId"]?.stringValue else { throw WindowFailure(reason: "the analytics job's answer has no jobId") }
            return id
        }
    }

    /// What a finished job gave.
    struct Fetched {
        var records: Int
        var sha256: String
        var leftOut: Int
        var incomplete: Int
        /// From the job's completion to the verified file.
        var seconds: Double = 0
    }

    /// A job that ended without records: submit another (`resubmit`) or fail the window.
    struct JobEnded: Error {
        var reason: String
        var resubmit: Bool
    }

    /// Polls `job` until it is done, then writes and verifies the window's file.
    func finish(job: String, window: ExportWindow, context: SourceContext, path: String, polling: JobPolling,
                progress: @escaping @Sendable (ExportEvent) -> Void) async throws -> Fetched {
        let submitted = Date()
        let status = try await poll(job, kind: context.kind, polling: polling)
        polling.completed(after: Date().timeIntervalSince(submitted))
        var clock = Stopwatch()
        var fetched: Fetched
        switch context.kind {
        case .interactionExport:
            fetched = try await download(job: job, status: status, window: window, path: path, progress: progress)
        case .analytics:
            fetched = try await pageResults(job: job, window: window, context: context, path: path)
        }
        fetched.seconds = clock.lap()
        return fetched
    }

    /// The job's status once it is done (completed / FULFILLED).
    func poll(_ job: String, kind: ExportSourceKind, polling: JobPolling) async throws -> JSONValue {
        let path = kind == .interactionExport ? "/api/v2/interaction/export/\(job)" : "/api/v2/analytics/conversations/details/jobs/\(job)"
        var attempt = 0
        while true {
            try await Task.sleep(nanoseconds: UInt64(polling.delay(attempt: attempt) * 1e9))
            attempt += 1
            let status: JSONValue
            do { status = try await client.get(path) } catch let error as OrgAPIError where error.status == 404 {
                throw JobEnded(reason: "the org no longer knows job \(job)", resubmit: true)
            }
            switch kind {
            case .interactionExport:
                switch status["status"]?.stringValue {
                case "completed": return status
                case "failed", "canceled", "cancelled":
                    let why = status["error"]?["message"]?.stringValue ?? status["error"]?["code"]?.stringValue ?? "no reason given"
                    throw JobEnded(reason: "export job \(job) ended \(status["status"]!.stringValue!): \(why)", resubmit: true)
                default: continue
                }
            case .analytics:
                switch status["state"]?.stringValue {
                case "FULFILLED": return status
                case "FAILED", "CANCELLED", "EXPIRED":
                    let why = status["errorMessage"]?.stringValue ?? "no reason given"
                    throw JobEnded(reason: "analytics job \(job) ended \(status["state"]!.stringValue!): \(why)", resubmit: true)
                default: continue
                }
            }
        }
    }

    /// Streams the job's download into the window's file, verified; a failed download is tried
    /// again (with a fresh URL when it expired), up to ``Options/downloadAttempts`` times.
    func download(job: String, status first: JSONValue, window: ExportWindow, path: String,
                  progress: @escaping @Sendable (ExportEvent) -> Void) async throws -> Fetched {
        var status = first
        var lastProblem = ""
        for attempt in 1...options.downloadAttempts {
            guard let url = status["downloadUrl"]?.stringValue, let count = status["recordCount"]?.intValue else {
                throw WindowFailure(reason: "completed export job \(job) has no downloadUrl or recordCount")
            }
            let writer = try ExportFileWriter(path: path)
            let sink = WriterSink(writer)
            do {
                _ = try await client.download(url: url, into: { bytes in try sink.writer.consume(bytes) })
                let verified = try writer.finish(expectedRecords: Int(count))
                return Fetched(records: verified.records, sha256: verified.sha256, leftOut: 0, incomplete: 0)
            } catch let error as OrgAPIError where error.isExpiredDownload {
                writer.abandon()
                lastProblem = "the download URL expired"
            } catch let problem as ExportFileWriter.Problem {
                writer.abandon()
                lastProblem = problem.description
            } catch let error as OrgClientError {
                writer.abandon()
                if case .invalidCredentials = error { throw error }
                lastProblem = "\(error)"
            } catch let error as TransportError {
                writer.abandon()
                lastProblem = "\(error)"
            } catch {
                writer.abandon()
                throw error
            }
            guard attempt < options.downloadAttempts else { break }
            progress(.note(window: window.name, "download \(attempt) failed (\(lastProblem)); trying again with a fresh URL"))
            status = try await client.get("/api/v2/interaction/export/\(job)")
        }
        throw WindowFailure(reason: "the download of export job \(job) failed \(options.downloadAttempts) times; last: \(lastProblem)")
    }

    /// Follows the analytics job's result pages and writes the window's records.
    func pageResults(job: String, window: ExportWindow, context: SourceContext, path: String) async throws -> Fetched {
        let conversion = AnalyticsConversion(window: window, availableUntil: context.availableUntil, types: Set(options.types),
                                             queueNames: context.queueNames, wrapupCodeNames: context.wrapupCodeNames)
        let writer = try ExportFileWriter(path: path)
        var leftOut = 0
        var cursor: String?
        var pages = 0
        do {
            repeat {
                var query = [("pageSize", "1000")]
                if let cursor { query.append(("cursor", cursor)) }
                let page = try await client.get("/api/v2/analytics/conversations/details/jobs/\(job)/results", query: query)
                pages += 1
                for conversation in page["conversations"]?.arrayValue ?? [] {
                    switch conversion.convert(conversation) {
                    case .record(let record): try writer.write(record: record)
                    case .otherWindow: break
                    case .notFinal, .unsupportedMedia, .malformed: leftOut += 1
                    }
                }
                cursor = page["cursor"]?.stringValue
            } while cursor != nil && pages < 1_000_000
            let verified = try writer.finish(expectedRecords: nil)
            return Fetched(records: verified.records, sha256: verified.sha256, leftOut: leftOut, incomplete: 0)
        } catch {
            writer.abandon()
            if let problem = error as? ExportFileWriter.Problem { throw WindowFailure(reason: problem.description) }
            throw error
        }
    }
}

/// What every window of one run shares about its source.
struct SourceContext: Sendable {
    var kind: ExportSourceKind
    var availableUntil: ISOTimestamp? = nil
    var queueNames: [String: String] = [:]
    var wrapupCodeNames: [String: String] = [:]
}

/// The file writer, handed to the download's chunk callback: the transport calls it from one
/// thread at a time, in order.
final class WriterSink: @unchecked Sendable {
    let writer: ExportFileWriter
    init(_ writer: ExportFileWriter) { self.writer = writer }
}
