import Essentials
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OrgEmulator

/// A test client that talks to a running emulator over real loopback HTTP with URLSession, as
/// an outside client would.
struct ContractClient {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var json: JSONValue? { try? JSONParser.parse(body) }

        /// A header by name, case-insensitively.
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    func send(_ method: String, _ url: String, headers: [String: String] = [:], body: [UInt8]? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: Array(data))
    }

    func json(_ method: String, _ url: String, token: String?, _ value: JSONValue? = nil) async throws -> Reply {
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await send(method, url, headers: headers, body: try value.map { try JSONWriter.compact($0) })
    }

    /// A token from `/oauth/token` for `endpoint`.
    func token(_ endpoint: Emulator.OrgEndpoint, secret: String? = nil) async throws -> Reply {
        let basic = Base64.encode(Array("\(endpoint.clientId):\(secret ?? endpoint.clientSecret)".utf8))
        return try await send("POST", endpoint.apiBase + "/oauth/token",
                              headers: ["Authorization": "Basic \(basic)", "Content-Type": "application/x-www-form-urlencoded"],
                              body: Array("grant_type=client_credentials".utf8))
    }

    func accessToken(_ endpoint: Emulator.OrgEndpoint) async throws -> String {
        let reply = try await token(endpoint)
        guard let token = reply.json?["access_token"]?.stringValue else {
            throw ContractFailure("no access_token in \(String(decoding: reply.body, as: UTF8.self))")
        }
        return token
    }

    /// Polls `url` until `done` accepts the reply (at most `timeout` seconds).
    func poll(_ url: String, token: String, timeout: Double = 120, until done: (Reply) -> Bool) async throws -> Reply {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try await json("GET", url, token: token)
            if done(reply) { return reply }
            if Date() > deadline { throw ContractFailure("timed out polling \(url); last reply \(reply.status)") }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
    }
}

struct ContractFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
