import Dispatch
import Essentials
import Synchronization

/// Measures that the emulator is never the bottleneck: small GETs per second on keep-alive
/// loopback, and import records validated and applied per second with job latency at zero.
public enum EmulatorBenchmark {
    /// The figures of one run.
    public struct Result: Sendable {
        public var getRequests: Int
        public var getRequestsPerSecond: Double
        public var importedRecords: Int
        public var importSeconds: Double
        public var importRecordsPerSecond: Double { importSeconds > 0 ? Double(importedRecords) / importSeconds : 0 }
    }

    /// Why a benchmark run stopped.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts a default pair with no rate limit and no job latency, then measures.
    public static func run(getRequests: Int = 20_000, connections: Int = 4, importChunks: Int = 50) throws -> Result {
        var knobs = OrgKnobs()
        knobs.rateLimit = 100_000_000
        knobs.jobLatencyMilliseconds = 0
        knobs.jobLatencyPerRecordMilliseconds = 0
        let emulator = try Emulator(orgs: EmulatorSetup(seed: 5, records: 10, knobs: knobs).defaultPair())
        defer { emulator.shutdown() }
        guard let destination = emulator.endpoint("destination"), let port = UInt16(destination.apiBase.split(separator: ":").last ?? "") else {
            throw Failure(description: "the emulator did not start its destination org")
        }
        let client = LoopbackHTTPClient(port: port)
        defer { client.close() }
        let token = try accessToken(client, destination)
        var auth = HTTPHeaders()
        auth.set("Authorization", "Bearer \(token)")

        // 1. Small GETs over keep-alive connections.
        let load = try HTTPLoadBenchmark.run(port: port, path: "/api/v2/organizations/me", headers: auth,
                                             connections: connections, requests: getRequests)

        // 2. Import jobs of 1,000 valid records each, sent over two connections at once (the
        //    emulator parses and checks bodies on its connection threads), then applied one at a
        //    time in acceptance order; timed until the last job has ended.
        let bodies = (0..<importChunks).map { chunkBody(emulator.orgs[1].content, chunk: $0) }
        var headers = auth
        headers.set("Content-Type", "application/json")
        let jobIds = Mutex<[String]>([])
        let failure = Mutex<String?>(nil)
        let requestHeaders = headers
        var clock = Stopwatch()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            let laneClient = LoopbackHTTPClient(port: port)
            defer { laneClient.close() }
            for index in stride(from: lane, to: bodies.count, by: 2) {
                do {
                    let accepted = try laneClient.send(HTTPRequest(method: "POST", target: "/api/v2/interaction/import",
                                                                   headers: requestHeaders, body: bodies[index]))
                    guard accepted.status == 202, let id = (try? JSONParser.parse(accepted.body))?["id"]?.stringValue else {
                        failure.withLock { $0 = "an import was refused with status \(accepted.status): \(String(decoding: accepted.body.prefix(300), as: UTF8.self))" }
                        return
                    }
                    jobIds.withLock { $0.append(id) }
                } catch {
                    failure.withLock { $0 = "sending an import failed: \(error)" }
                    return
                }
            }
        }
        if let message = failure.withLock({ $0 }) { throw Failure(description: message) }
        for id in jobIds.withLock({ $0 }) {
            while true {
                let status = try client.send(HTTPRequest(method: "GET", target: "/api/v2/interaction/import/\(id)", headers: auth))
                let state = (try? JSONParser.parse(status.body))?["status"]?.stringValue
                if state == "completed" { break }
                if state == "failed" { throw Failure(description: "a benchmark import failed: \(String(decoding: status.body.prefix(300), as: UTF8.self))") }
            }
        }
        let seconds = clock.lap()
        return Result(getRequests: load.requests, getRequestsPerSecond: load.requestsPerSecond,
                      importedRecords: importChunks * 1000, importSeconds: seconds)
    }

    private static func accessToken(_ client: LoopbackHTTPClient, _ endpoint: Emulator.OrgEndpoint) throws -> String {
        var headers = HTTPHeaders()
        headers.set("Authorization", "Basic " + Base64.encode(Array("\(endpoint.clientId):\(endpoint.clientSecret)".utf8)))
        headers.set("Content-Type", "application/x-www-form-urlencoded")
        let reply = try client.send(HTTPRequest(method: "POST", target: "/oauth/token", headers: headers, body: Array("grant_type=client_credentials".utf8)))
        guard let token = (try? JSONParser.parse(reply.body))?["access_token"]?.stringValue else {
            throw Failure(description: "the emulator refused its own credentials (status \(reply.status))")
        }
        return token
    }

    /// An import body of 1,000 records that reference the destination's own queues, flows and codes.
    static func chunkBody(_ org: OrgContent, chunk: Int) -> [UInt8] {
        var records: [JSONValue] = []
        records.reserveCapacity(1000)
        for i in 0..<1000 {
            let q = org.queues[i % org.queues.count].id, q2 = org.queues[(i + 7) % org.queues.count].id
            let f = org.flows[i % org.flows.count], w = org.wrapupCodes[i % org.wrapupCodes.count].id
            records.append([
                "type": "voice", "direction": "inbound", "state": "disconnected",
                "startTime": .string(ISOTimestamp(year: 2024, month: 1, day: 15).adding(seconds: Int64(chunk * 1000 + i)).description),
                "durationSeconds": 120,
                "routing": ["queue": ["id": .string(q), "name": "Q"], "flow": ["id": .string(f.id), "name": .string(f.name), "type": "inboundcall"]],
                "wrapupCode": ["id": .string(w), "name": "W"],
                "participants": [["purpose": "customer", "address": "tel:+15551234567", "name": "Jane Roe"],
                                 ["purpose": "agent", "userId": "8c649100-c40b-4611-9e39-845b549e1dbf", "queueId": .string(q2),
                                  "wrapup": ["codeId": .string(w), "durationSeconds": 30]]],
                "transfers": [["time": "2024-01-15T10:02:00.000Z", "fromQueueId": .string(q), "toQueueId": .string(q2)]],
                "attributes": ["crmCaseId": .string("500-\(i)")],
                "externalId": .string("bench:\(chunk):\(i)"),
            ])
        }
        let body: JSONValue = ["allowDuplicates": false, "interactions": .array(records), "schemaVersion": "v2.1"]
        return (try? JSONWriter.canonical(body)) ?? []
    }
}
