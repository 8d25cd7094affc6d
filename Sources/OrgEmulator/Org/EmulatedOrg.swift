import Essentials
import Foundation
import Synchronization

/// One emulated Genesys Cloud org: OAuth, organization, routing lists, export and import jobs,
/// analytics jobs (contract §2–§9) and `/emulator/summary` (§10), with rate limits and faults.
///
/// It is an ``HTTPHandler``: the server calls it from many connection threads at once, so all of
/// its changing state sits behind one lock.
public final class EmulatedOrg: HTTPHandler {
    /// Identity and fixed configuration.
    public let content: OrgContent
    public let clientId: String
    public let clientSecret: String
    public let knobs: OrgKnobs
    /// The storage origin's base URL (`http://127.0.0.1:P`), for download URLs.
    let storageBase: String
    let storage: ObjectStorage
    let clock: @Sendable () -> Double
    let startedAt: Double

    let queueIds: Set<String>
    let flowIds: Set<String>
    let wrapupCodeIds: Set<String>
    /// Top-level fields per schema version (§6).
    let schemaFields: [String: Set<String>]

    let state: Mutex<OrgState>
    /// Draws correlation and context ids. A lock of its own, taken only inside or after `state`'s
    /// (never the other way round), so that error bodies can be made while `state` is held.
    let ids: Mutex<SeededGenerator>

    init(content: OrgContent, clientId: String, clientSecret: String, knobs: OrgKnobs, seed: UInt64,
         storage: ObjectStorage, storageBase: String, clock: @escaping @Sendable () -> Double) {
        self.content = content
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.knobs = knobs
        self.storage = storage
        self.storageBase = storageBase
        self.clock = clock
        startedAt = clock()
        queueIds = Set(content.queues.map(\.id))
        flowIds = Set(content.flows.map(\.id))
        wrapupCodeIds = Set(content.wrapupCodes.map(\.id))
        var fields: [String: Set<String>] = [:]
        for version in content.schemaVersions { fields[version] = EmulatedOrg.fields(of: version) }
        schemaFields = fields
        state = Mutex(OrgState(content: content, knobs: knobs, seed: seed))
        ids = Mutex(SeededGenerator(seed: seed ^ 0x1D5))
    }

    /// The top-level fields a schema version knows (§6): v2.1, and v2.2 which adds `sentiment`.
    static func fields(of version: String) -> Set<String> {
        var fields: Set<String> = [
            "id", "selfUri", "version", "createdDate", "lastUpdatedDate", "type", "direction", "state",
            "startTime", "endTime", "durationSeconds", "routing", "wrapupCode", "participants", "transfers",
            "attributes", "transcripts", "media", "externalId",
        ]
        if version == "v2.2" { fields.insert("sentiment") }
        return fields
    }

    // MARK: - Dispatch

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let now = clock()
        let path = request.path
        if path == "/oauth/token" {
            count(route: "POST /oauth/token")
            return withCorrelation(token(request, now: now))
        }
        if path == "/emulator/summary" && request.method == "GET" {
            return withCorrelation(.json(200, summary()))
        }
        guard path.hasPrefix("/api/v2/") else {
            count(route: "other")
            return withCorrelation(error(404, "not.found", "no route for \(request.method) \(path)"))
        }
        // Authentication, then the budget, then injected faults, then the endpoint.
        let gate: HTTPResponse? = state.withLock { state in
            state.counts.total += 1
            // A violation is a request sent after its client read a 429 and before the wait
            // ended. On the 429's own connection, anything after it was (HTTP/1.1 does not
            // pipeline). On another one, a request can be on its way before the client has read
            // the 429 and told its other tasks; only one arriving more than half a second
            // after the 429 was written is surely late.
            let arrived = request.arrivedAt ?? Date().timeIntervalSince1970
            if arrived < state.blockedUntil, let since = state.blockedSince, arrived > since,
               request.connection == state.blockedConnection || arrived > since + 0.5 {
                state.counts.retryAfterViolations += 1
            }
            guard let bearer = EmulatedOrg.bearerToken(request), let expiry = state.tokens[bearer], now < expiry else {
                state.counts.rejected401 += 1
                return error(401, "authentication.required", "Authentication failed: the token is missing, expired or revoked")
            }
            if let period = knobs.stormEverySeconds, period > 0 {
                let phase = (now - startedAt).truncatingRemainder(dividingBy: period)
                if phase >= period - knobs.stormSeconds {
                    let retry = max(1, Int((period - phase).rounded(.up)))
                    return tooMany(&state, retryAfter: retry, now: now)
                }
            }
            if case .refused(let retry) = state.limiter.admit(at: now) {
                return tooMany(&state, retryAfter: retry, now: now)
            }
            if knobs.faultDropShare > 0 && state.draw() < knobs.faultDropShare {
                state.counts.droppedConnections += 1
                return HTTPResponse(status: 0, disposition: .drop)
            }
            if knobs.fault503Share > 0 && state.draw() < knobs.fault503Share {
                state.counts.injected503 += 1
                return error(503, "service.unavailable", "The service is temporarily unavailable")
            }
            return nil
        }
        var response: HTTPResponse
        if let gate {
            response = gate
        } else {
            let (route, answer) = route(request, now: now)
            count(route: route)
            response = answer
        }
        if response.disposition == .drop { return response }
        let limits = state.withLock { $0.limiter.headers(at: now) }
        for (name, value) in limits { response.headers.set(name, value) }
        return withCorrelation(response)
    }

    /// Starts the Retry-After hygiene count from the moment the first 429 of a wait was written.
    public func didSend(_ response: HTTPResponse, to request: HTTPRequest, at time: Double) {
        guard response.status == 429 else { return }
        state.withLock { state in
            if state.blockedSince == nil {
                state.blockedSince = time
                state.blockedConnection = request.connection
            }
        }
    }

    private func tooMany(_ state: inout OrgState, retryAfter: Int, now: Double) -> HTTPResponse {
        state.counts.rejected429 += 1
        // The wait starts counting once this 429 is written (``didSend(_:to:at:)``).
        if now >= state.blockedUntil {
            state.blockedSince = nil
            state.blockedConnection = nil
        }
        state.blockedUntil = max(state.blockedUntil, now + Double(retryAfter))
        var response = error(429, "too.many.requests", "Rate limit exceeded the maximum. Retry the request in [\(retryAfter)] seconds")
        response.headers.set("Retry-After", String(retryAfter))
        return response
    }

    private func count(route: String) {
        state.withLock { $0.counts.byRoute[route, default: 0] += 1 }
    }

    private func withCorrelation(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        let id = ids.withLock { $0.uuidString() }
        response.headers.set("ININ-Correlation-Id", id)
        return response
    }

    static func bearerToken(_ request: HTTPRequest) -> String? {
        guard let value = request.headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    /// Which endpoint answers, and its answer.
    private func route(_ request: HTTPRequest, now: Double) -> (String, HTTPResponse) {
        let segments = request.path.split(separator: "/").map(String.init)  // ["api","v2",...]
        let tail = Array(segments.dropFirst(2))
        switch (request.method, tail.count, tail.first) {
        case ("GET", 2, "organizations") where tail[1] == "me":
            return ("GET /api/v2/organizations/me", .json(200, organization()))
        case ("GET", 2, "routing") where tail[1] == "queues":
            return ("GET /api/v2/routing/queues", page(request, entities: content.queues.map(queueEntity)))
        case ("GET", 2, "routing") where tail[1] == "wrapupcodes":
            return ("GET /api/v2/routing/wrapupcodes", page(request, entities: content.wrapupCodes.map(wrapupEntity)))
        case ("GET", 1, "flows"):
            return ("GET /api/v2/flows", page(request, entities: content.flows.map(flowEntity)))
        case (_, _, "interaction"):
            return interactionRoute(request, tail: tail, now: now)
        case (_, _, "analytics"):
            return analyticsRoute(request, tail: tail, now: now)
        default:
            return ("other", error(404, "not.found", "no route for \(request.method) \(request.path)"))
        }
    }

    private func interactionRoute(_ request: HTTPRequest, tail: [String], now: Double) -> (String, HTTPResponse) {
        // A real org has no interaction export or import jobs (§9): nothing under /interaction/.
        guard knobs.servesInteractionExport else {
            return ("other", error(404, "not.found", "no route for \(request.method) \(request.path)"))
        }
        switch (request.method, tail.count) {
        case ("GET", 3) where tail[1] == "export" && tail[2] == "schemas":
            return ("GET /api/v2/interaction/export/schemas", .json(200, schemas()))
        case ("POST", 2) where tail[1] == "export":
            return ("POST /api/v2/interaction/export", createExport(request, now: now))
        case ("GET", 3) where tail[1] == "export":
            return ("GET /api/v2/interaction/export/{id}", exportStatus(tail[2], now: now))
        case ("POST", 2) where tail[1] == "import":
            return ("POST /api/v2/interaction/import", createImport(request, now: now))
        case ("GET", 3) where tail[1] == "import":
            return ("GET /api/v2/interaction/import/{id}", importStatus(tail[2], now: now))
        default:
            return ("other", error(404, "not.found", "no route for \(request.method) \(request.path)"))
        }
    }

    private func analyticsRoute(_ request: HTTPRequest, tail: [String], now: Double) -> (String, HTTPResponse) {
        // analytics/conversations/details/jobs[/availability | /{id}[/results]]
        guard tail.count >= 4, tail[1] == "conversations", tail[2] == "details", tail[3] == "jobs" else {
            return ("other", error(404, "not.found", "no route for \(request.method) \(request.path)"))
        }
        switch (request.method, tail.count) {
        case ("POST", 4):
            return ("POST /api/v2/analytics/conversations/details/jobs", createAnalyticsJob(request, now: now))
        case ("GET", 5) where tail[4] == "availability":
            return ("GET /api/v2/analytics/conversations/details/jobs/availability", analyticsAvailability(now: now))
        case ("GET", 5):
            return ("GET /api/v2/analytics/conversations/details/jobs/{id}", analyticsStatus(tail[4], now: now))
        case ("GET", 6) where tail[5] == "results":
            return ("GET /api/v2/analytics/conversations/details/jobs/{id}/results", analyticsResults(tail[4], request, now: now))
        default:
            return ("other", error(404, "not.found", "no route for \(request.method) \(request.path)"))
        }
    }

    // MARK: - Shared pieces

    /// A §3.1 error body.
    func error(_ status: Int, _ code: String, _ message: String, errors: [JSONValue] = []) -> HTTPResponse {
        let contextId = ids.withLock { $0.uuidString() }
        return .json(status, [
            "message": .string(message), "code": .string(code), "status": .int(Int64(status)),
            "messageWithParams": .string(message), "messageParams": [:], "contextId": .string(contextId),
            "details": [], "errors": .array(errors),
        ])
    }

    /// The request body as a JSON object, or the 400 to answer.
    func jsonObject(_ request: HTTPRequest) -> Result<JSONObject, ResponseError> {
        guard let value = try? JSONParser.parse(request.body) else {
            return .failure(ResponseError(error(400, "bad.request", "The request body is not valid JSON")))
        }
        guard let object = value.objectValue else {
            return .failure(ResponseError(error(400, "bad.request", "The request body must be a JSON object")))
        }
        return .success(object)
    }

    /// A response carried through `Result`.
    struct ResponseError: Error {
        var response: HTTPResponse
        init(_ response: HTTPResponse) { self.response = response }
    }

    static func iso(_ seconds: Double) -> JSONValue {
        .string(ISOTimestamp(secondsSinceEpoch: seconds).description)
    }
}
