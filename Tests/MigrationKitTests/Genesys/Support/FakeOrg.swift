import Essentials
import MigrationKit

/// Builds clients over a ``FakeTransport`` for `https://api.example.test`.
enum FakeOrg {
    static let apiBase = "https://api.example.test"
    static let tokenURL = "https://login.example.test/oauth/token"
    static let clientId = "client-1"
    static let secret = "s3cret-XYZ-never-printed"

    static func client(_ transport: FakeTransport, clock: any ClientClock, label: String = "source",
                       retry: RetryPolicy = RetryPolicy(), random: @escaping @Sendable () -> Double = { 0.5 }) throws -> OrgClient {
        OrgClient(label: label, endpoint: try OrgEndpoint(apiBase: apiBase),
                  credentials: OrgCredentials(clientId: clientId, clientSecret: Secret(secret)),
                  transport: transport, retry: retry, clock: clock, random: random)
    }

    /// A handler that issues `tok1`, `tok2`, ... (lifetime `expiresIn`) and answers API calls with `api`.
    static func handler(expiresIn: Int = 86_399, tokens: Counter = Counter(),
                        api: @escaping @Sendable (TransportRequest) async throws -> TransportResponse) -> FakeTransport.Handler {
        { request in
            if request.url == tokenURL { return Canned.token("tok\(tokens.next())", expiresIn: expiresIn) }
            return try await api(request)
        }
    }
}
