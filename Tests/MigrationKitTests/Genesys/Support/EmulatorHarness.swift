import Essentials
import MigrationKit
import OrgEmulator

/// Starts the emulator's default pair for one test and makes clients for it.
struct EmulatorHarness {
    let emulator: Emulator

    init(records: Int = 200, days: Int = 3, _ adjust: (inout OrgKnobs) -> Void = { _ in }) throws {
        var knobs = OrgKnobs()
        knobs.jobLatencyMilliseconds = 30
        knobs.jobLatencyPerRecordMilliseconds = 0
        adjust(&knobs)
        let setup = EmulatorSetup(seed: 21, records: records, days: days, from: ISOTimestamp(year: 2024, month: 1, day: 15),
                                  knobs: knobs)
        emulator = try Emulator(orgs: setup.defaultPair())
    }

    /// The endpoint of `label`, failing the test when there is none.
    func orgEndpoint(_ label: String) throws -> Emulator.OrgEndpoint {
        guard let endpoint = emulator.endpoint(label) else { throw HarnessFailure("no emulated org labelled \(label)") }
        return endpoint
    }

    /// A client for the org labelled `label`.
    func client(_ label: String = "source", secret: String? = nil, transport: any HTTPTransport = URLSessionTransport(),
                retry: RetryPolicy = RetryPolicy(baseDelay: 0.01, maxDelay: 0.2), clock: any ClientClock = SystemClock()) throws -> OrgClient {
        let endpoint = try orgEndpoint(label)
        return OrgClient(label: label, endpoint: try OrgEndpoint(apiBase: endpoint.apiBase),
                         credentials: OrgCredentials(clientId: endpoint.clientId, clientSecret: Secret(secret ?? endpoint.clientSecret)),
                         transport: transport, retry: retry, clock: clock)
    }

    /// `GET /emulator/summary` of the org labelled `label`.
    func summary(_ label: String = "source") async throws -> JSONValue {
        let endpoint = try orgEndpoint(label)
        let response = try await URLSessionTransport().send(TransportRequest(method: "GET", url: endpoint.apiBase + "/emulator/summary"))
        return try JSONParser.parse(response.body)
    }

    /// A counter of the summary, such as `rejected401` or `requests.byRoute.POST /oauth/token`.
    static func count(_ summary: JSONValue, _ path: String...) -> Int {
        var value: JSONValue? = summary
        for key in path { value = value?[key] }
        return Int(value?.intValue ?? 0)
    }

    func shutdown() { emulator.shutdown() }
}

struct HarnessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Wraps a transport and waits before every API request, so a test can page slowly.
struct SlowTransport: HTTPTransport {
    let inner: any HTTPTransport
    let delay: Double

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        if !request.url.hasSuffix("/oauth/token") { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        return try await inner.send(request)
    }
}
