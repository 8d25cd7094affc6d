extension EmulatedOrg {
    /// API requests received so far by method (`GET`, `POST`, ...), from the summary's routes;
    /// requests to no known route (`other`) and the token endpoint are left out. For tests that
    /// prove a command only read from an org.
    public func apiRequestsByMethod() -> [String: Int] {
        state.withLock { state in
            var out: [String: Int] = [:]
            for (route, count) in state.counts.byRoute where route.contains(" /api/") {
                out[String(route.prefix { $0 != " " }), default: 0] += count
            }
            return out
        }
    }

    /// Requests the summary counts under `other`: to no known route, or to an endpoint a real org
    /// doesn't serve. For tests.
    public func unroutedRequests() -> Int {
        state.withLock { $0.counts.byRoute["other"] ?? 0 }
    }
}
