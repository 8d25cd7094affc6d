import Essentials

/// A running set of emulated orgs, each on its own loopback port, plus the object-storage origin
/// for export downloads (contract §10). Used by `interaction-migrate emulator`, `demo` and tests.
public final class Emulator: Sendable {
    /// What it takes to define one emulated org.
    public struct OrgDefinition: Sendable {
        /// The org's role in the info line (`source`, `destination`, ...).
        public var label: String
        public var content: OrgContent
        public var clientId: String
        public var clientSecret: String
        public var knobs: OrgKnobs
        /// Seeds the org's job ids, tokens and fault draws.
        public var seed: UInt64

        public init(label: String, content: OrgContent, clientId: String, clientSecret: String, knobs: OrgKnobs, seed: UInt64) {
            self.label = label
            self.content = content
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.knobs = knobs
            self.seed = seed
        }
    }

    /// Where to reach one running org, and its (emulator-only) credentials.
    public struct OrgEndpoint: Sendable {
        public var label: String
        public var name: String
        public var id: String
        public var apiBase: String
        public var clientId: String
        public var clientSecret: String
    }

    public let endpoints: [OrgEndpoint]
    /// The storage origin, `http://127.0.0.1:P`.
    public let storageBase: String
    /// The orgs themselves, in the order defined, for in-process inspection.
    public let orgs: [EmulatedOrg]
    private let servers: [HTTPServer]

    /// Starts every org and the storage origin on `host`. With `port` 0 every port is chosen free;
    /// otherwise the orgs take `port`, `port + 1`, ... and the storage origin the next one.
    public init(orgs definitions: [OrgDefinition], host: String = "127.0.0.1", port: UInt16 = 0, seed: UInt64 = 1) throws {
        let clock: @Sendable () -> Double = { ISOTimestamp.now().secondsSinceEpoch }
        let storage = ObjectStorage(seed: seed, clock: clock)
        var servers: [HTTPServer] = []
        do {
            let storagePort = port == 0 ? 0 : port + UInt16(definitions.count)
            let storageServer = try HTTPServer(host: host, port: storagePort, handler: storage)
            try storageServer.start()
            servers.append(storageServer)
            let storageBase = "http://\(host):\(storageServer.port)"
            var endpoints: [OrgEndpoint] = []
            var orgs: [EmulatedOrg] = []
            for (i, definition) in definitions.enumerated() {
                let org = EmulatedOrg(content: definition.content, clientId: definition.clientId,
                                      clientSecret: definition.clientSecret, knobs: definition.knobs, seed: definition.seed,
                                      storage: storage, storageBase: storageBase, clock: clock)
                let server = try HTTPServer(host: host, port: port == 0 ? 0 : port + UInt16(i), handler: org)
                try server.start()
                servers.append(server)
                orgs.append(org)
                endpoints.append(OrgEndpoint(label: definition.label, name: definition.content.name, id: definition.content.id,
                                             apiBase: "http://\(host):\(server.port)", clientId: definition.clientId,
                                             clientSecret: definition.clientSecret))
            }
            self.storageBase = storageBase
            self.endpoints = endpoints
            self.orgs = orgs
            self.servers = servers
        } catch {
            for server in servers { server.shutdown() }
            throw error
        }
    }

    /// The endpoint labelled `label`.
    public func endpoint(_ label: String) -> OrgEndpoint? {
        endpoints.first { $0.label == label }
    }

    /// The one JSON line `interaction-migrate emulator` prints:
    /// `{"orgs":[{"name":"source","id":...,"apiBase":...,"clientId":...,"clientSecret":...},...],"storage":...}`.
    public var infoLine: String {
        let orgs: [JSONValue] = endpoints.map { e in
            .object(JSONObject([("name", .string(e.label)), ("id", .string(e.id)), ("apiBase", .string(e.apiBase)),
                                ("clientId", .string(e.clientId)), ("clientSecret", .string(e.clientSecret))]))
        }
        let value = JSONValue.object(JSONObject([("orgs", .array(orgs)), ("storage", .string(storageBase))]))
        return (try? JSONWriter.string(value, style: .compact)) ?? "{}"
    }

    /// Stops every server and closes every connection. Safe to call more than once.
    public func shutdown() {
        for server in servers.reversed() { server.shutdown() }
    }

    deinit { shutdown() }

    /// Credentials for an emulated org, fixed by `seed` so that a rehearsal can be repeated.
    public static func credentials(seed: UInt64) -> (clientId: String, clientSecret: String) {
        var generator = SeededGenerator(seed: seed ^ 0xC1_1E47)
        let id = generator.uuidString()
        let secret = String((generator.uuidString() + generator.uuidString()).filter { $0 != "-" })
        return (id, secret)
    }
}
