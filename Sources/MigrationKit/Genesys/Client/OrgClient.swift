import Synchronization
/// The client of one Genesys Cloud org, shared by every concurrent task that talks to it.
///
/// It layers, over an ``HTTPTransport``:
/// - OAuth client credentials (contract §2): one cached token, refreshed at 80 % of its lifetime
///   and once on a 401, after which the call is retried once; bad credentials fail at once;
/// - the bearer token only ever to the API base's origin (§2);
/// - pacing by the org's rate-limit headers and `Retry-After` (§3.2), in one ``RatePacer``;
/// - retries of transient failures with exponential backoff and full jitter (§3.3);
/// - errors that name the org, the request, the platform's code and the correlation id (§3.1).
///
/// Paths are API paths (`/api/v2/routing/queues`), appended to the endpoint's API base.
public final class OrgClient: Sendable {
    /// The org's label in messages (`source`, `destination`).
    public let label: String
    /// Where the org is reached.
    public let endpoint: OrgEndpoint
    /// How transient failures and rate limits are retried.
    public let retry: RetryPolicy

    let credentials: OrgCredentials
    let transport: any HTTPTransport
    let clock: any ClientClock
    let random: @Sendable () -> Double
    let requestTimeout: Double
    let downloadTimeout: Double
    let tokens: TokenProvider
    let pacer: RatePacer
    /// 429 answers received, for progress lines.
    private let rateLimited = Atomic<Int>(0)

    /// A client for one org.
    ///
    /// - Parameters:
    ///   - label: the org's role in messages (`source`); when it is `source` or `destination` and
    ///     `credentials` do not say where they came from, a credentials error names that role's
    ///     environment variables.
    ///   - transport: sends the requests; a real ``URLSessionTransport`` by default.
    ///   - retry: backoff for transient failures; tests pass small delays.
    ///   - clock: time and sleeping; tests pass a manual clock.
    ///   - random: uniform draws in `0..<1` for the jitter.
    ///   - requestTimeout: the deadline of one API request, in seconds.
    ///   - downloadTimeout: the deadline of one in-memory download, and the time a streamed one may
    ///     go without receiving a byte, in seconds.
    public init(label: String, endpoint: OrgEndpoint, credentials: OrgCredentials,
                transport: any HTTPTransport = URLSessionTransport(), retry: RetryPolicy = .standard,
                clock: any ClientClock = SystemClock(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                requestTimeout: Double = 60, downloadTimeout: Double = 600) {
        self.label = label
        self.endpoint = endpoint
        var credentials = credentials
        if credentials.origin == nil, let role = OrgRole(rawValue: label) {
            credentials.origin = "\(role.clientIdVariable)/\(role.clientSecretVariable)"
        }
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.clock = clock
        self.random = random
        self.requestTimeout = requestTimeout
        self.downloadTimeout = downloadTimeout
        tokens = TokenProvider(clock: clock)
        pacer = RatePacer(clock: clock)
    }

    /// The rate budget the org's answers announced so far (contract §3.2): requests allowed per
    /// window, and the window's length as the longest `inin-ratelimit-reset` seen. Nil before any
    /// answer carried the `inin-ratelimit-*` headers.
    var announcedRateBudget: (allowed: Int, windowSeconds: Double)? {
        get async { await pacer.announcedBudget }
    }

    /// Tokens fetched so far (a refresh counts), for diagnostics.
    /// 429 answers this client has received (each was waited out, not counted as a failure).
    public var rateLimitedResponses: Int { rateLimited.load(ordering: .relaxed) }

    public var tokenFetches: Int {
        get async { await tokens.fetches }
    }

    // MARK: - One call, with auth, pacing and retries

    /// One logical request; ``perform(_:)`` may send it several times.
    struct Call: Sendable {
        var method: String
        var url: String
        /// How the request is named in errors: the API path, or the download URL without query.
        var shown: String
        var headers: [(name: String, value: String)] = []
        var body: [UInt8]? = nil
        /// Carries the bearer token, with the 401 rule; only for the API base's origin.
        var authorized: Bool
        /// Counts against the org's budget: every request to the API base's origin.
        var paced: Bool
        var retryTransient: Bool = true
        var timeout: Double
        /// Where a 2xx body is streamed instead of returned; a failure after any byte was handed
        /// over is not retried.
        var stream: DownloadStream? = nil
    }

    /// Sends `call` until it gets an answer that is not to be retried, and returns that answer
    /// (of any status) with the number of requests sent.
    ///
    /// - Throws: ``OrgClientError/unreachable(org:method:path:attempts:_:)`` when no answer came,
    ///   ``OrgClientError/malformedResponse(org:method:path:reason:correlationId:)`` for an answer
    ///   whose head the HTTP stack refuses (``TransportError/unreadableHead(url:reason:)``),
    ///   ``OrgClientError/invalidCredentials(org:tokenURL:code:variables:)`` and the other token
    ///   errors, `CancellationError`.
    func perform(_ call: Call) async throws -> (response: TransportResponse, attempts: Int) {
        var attempts = 0
        var transientFailures = 0
        var rateLimitWaits = 0
        var refreshedAfter401 = false
        while true {
            try Task.checkCancellation()
            // The wait comes first, so that not even a token request goes out during a 429's wait.
            if call.paced { try await pacer.acquire() }
            var headers = call.headers
            var token: String?
            if call.authorized {
                do {
                    let current = try await tokens.token { [self] in try await fetchToken() }
                    token = current
                    headers.append(("Authorization", "Bearer \(current)"))
                } catch {
                    if call.paced { await pacer.release() }
                    throw error
                }
            }
            if call.paced {
                // A 429 another task read while this one waited for its token still holds.
                do { try await pacer.waitWhileBlocked() } catch {
                    await pacer.release()
                    throw error
                }
            }
            attempts += 1
            let request = TransportRequest(method: call.method, url: call.url, headers: headers, body: call.body,
                                           timeout: call.timeout)
            let response: TransportResponse
            do {
                if let stream = call.stream {
                    response = try await transport.stream(request, body: stream.deliver)
                } else {
                    response = try await transport.send(request)
                }
            } catch {
                if call.paced { await pacer.finish(nil, answered: false, receivedAt: clock.now()) }
                guard let failure = error as? TransportError else { throw error }
                if case .unreadableHead(_, let reason) = failure {
                    // The org answered, with a head the HTTP stack refuses: an answer that is not
                    // what the contract describes, not an org that is unreachable.
                    throw OrgClientError.malformedResponse(org: label, method: call.method, path: call.shown,
                                                           reason: "no body was read: \(reason); a proxy on the way may add such headers",
                                                           correlationId: nil)
                }
                transientFailures += 1
                let started = (call.stream?.deliveredBytes ?? 0) > 0
                guard failure.isTransient, call.retryTransient, !started, transientFailures < retry.maxAttempts else {
                    throw OrgClientError.unreachable(org: label, method: call.method, path: call.shown, attempts: attempts, failure)
                }
                try await clock.sleep(seconds: retry.delay(forRetry: transientFailures, unit: random()))
                continue
            }
            let receivedAt = clock.now()
            if call.paced { await pacer.finish(RateLimitHeaders(response), answered: true, receivedAt: receivedAt) }

            switch response.status {
            case 401 where call.authorized && !refreshedAfter401:
                // Expired or revoked: one fresh token, one more try (contract §2).
                refreshedAfter401 = true
                if let token { await tokens.invalidate(token) }
            case 429:
                // Not a failed attempt: nobody sends until the wait is over (contract §3.2).
                rateLimitWaits += 1
                rateLimited.add(1, ordering: .relaxed)
                // With neither header, the backoff's ceiling: a jittered wait could be near zero.
                let wait = RateLimitHeaders.retryAfter(response) ?? RateLimitHeaders.reset(response)
                    ?? retry.ceiling(forRetry: rateLimitWaits)
                if call.paced { await pacer.block(until: receivedAt + wait) }
                guard rateLimitWaits <= retry.maxRateLimitWaits else { return (response, attempts) }
                if !call.paced { try await clock.sleep(seconds: wait) }
            case 408, 502, 503, 504:
                // 408: the server (or a gateway) timed the request out and closed the connection
                // without acting on it (RFC 9110 §15.5.9); sending it again is what it asks for.
                transientFailures += 1
                guard call.retryTransient, transientFailures < retry.maxAttempts else { return (response, attempts) }
                let wait = RateLimitHeaders.retryAfter(response) ?? retry.delay(forRetry: transientFailures, unit: random())
                try await clock.sleep(seconds: wait)
            default:
                return (response, attempts)
            }
        }
    }
}
