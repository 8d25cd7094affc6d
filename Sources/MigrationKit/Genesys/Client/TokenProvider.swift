/// The OAuth token cache of one org (contract §2), shared by all of its tasks.
///
/// A token is used until 80 % of its `expires_in` has passed (counted from when its request was
/// sent), then fetched again. Concurrent callers that find no usable token share one fetch. A
/// fetch that fails with ``OrgClientError/invalidCredentials(org:tokenURL:code:variables:)`` is
/// remembered: every later call fails the same way at once, without asking the org again.
actor TokenProvider {
    /// A token and when to stop using it.
    struct Token: Sendable {
        var value: String
        var refreshAt: Double
    }

    /// What one fetch returns: the token and its lifetime in seconds.
    typealias Fetch = @Sendable () async throws -> (value: String, lifetime: Double)

    private let clock: any ClientClock
    private var current: Token?
    private var pending: Task<Token, any Error>?
    private var fatal: OrgClientError?
    /// Tokens fetched so far, for tests and diagnostics.
    private(set) var fetches = 0

    init(clock: any ClientClock) {
        self.clock = clock
    }

    /// A usable token, fetching one with `fetch` when there is none.
    func token(fetch: @escaping Fetch) async throws -> String {
        if let fatal { throw fatal }
        if let current, clock.now() < current.refreshAt { return current.value }
        let task: Task<Token, any Error>
        if let pending {
            task = pending
        } else {
            let clock = self.clock
            fetches += 1
            task = Task {
                let sentAt = clock.now()
                let (value, lifetime) = try await fetch()
                return Token(value: value, refreshAt: sentAt + 0.8 * lifetime)
            }
            pending = task
        }
        do {
            let token = try await task.value
            if pending == task {
                pending = nil
                current = token
            }
            return token.value
        } catch {
            if pending == task {
                pending = nil
                if let error = error as? OrgClientError, case .invalidCredentials = error { fatal = error }
            }
            throw error
        }
    }

    /// Forgets `rejected` after the org answered 401 to it, so the next call fetches a new token.
    /// A token that has already been replaced (another task saw the 401 first) is left alone, so
    /// concurrent 401s lead to one fetch.
    func invalidate(_ rejected: String) {
        if current?.value == rejected { current = nil }
    }
}
