import Essentials
import Foundation
import OrgEmulator
import Testing

@Suite("Emulator contract: OAuth, organization, lists, rate limits")
struct AuthAndDirectoryContractTests {
    let client = ContractClient()

    @Test("a token is issued for good credentials and refused for bad ones")
    func tokens() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let good = try await client.token(source)
        #expect(good.status == 200)
        #expect(good.json?["token_type"] == "bearer")
        #expect(good.json?["expires_in"] == .int(86_399))
        #expect(good.header("ININ-Correlation-Id")?.count == 36)
        let bad = try await client.token(source, secret: "not-the-secret")
        #expect(bad.status == 400)
        #expect(bad.json?["error"] == "invalid_client")
        // A token of one org means nothing to the other.
        let destination = try #require(emulator.endpoint("destination"))
        let token = try await client.accessToken(source)
        let elsewhere = try await client.json("GET", destination.apiBase + "/api/v2/organizations/me", token: token)
        #expect(elsewhere.status == 401)
        #expect(elsewhere.json?["code"] == "authentication.required")
    }

    @Test("an expired token gets 401 authentication.required")
    func tokenExpiry() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.tokenLifetimeSeconds = 2 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let issued = Date()
        let token = try await client.accessToken(source)
        let fresh = try await client.json("GET", source.apiBase + "/api/v2/organizations/me", token: token)
        // On a loaded machine the first call may itself come after the lifetime; only then may it fail.
        if Date().timeIntervalSince(issued) < 1.8 { #expect(fresh.status == 200) }
        let wait = 2.3 - Date().timeIntervalSince(issued)
        if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
        let stale = try await client.json("GET", source.apiBase + "/api/v2/organizations/me", token: token)
        #expect(stale.status == 401)
        #expect(stale.json?["code"] == "authentication.required")
        let none = try await client.json("GET", source.apiBase + "/api/v2/organizations/me", token: nil)
        #expect(none.status == 401)
    }

    @Test("organizations/me names each org, and the two orgs differ")
    func organization() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        var ids: [String] = []
        for label in ["source", "destination"] {
            let endpoint = try #require(emulator.endpoint(label))
            let token = try await client.accessToken(endpoint)
            let me = try await client.json("GET", endpoint.apiBase + "/api/v2/organizations/me", token: token)
            #expect(me.status == 200)
            #expect(me.json?["id"]?.stringValue == endpoint.id)
            #expect(me.json?["state"] == "active")
            ids.append(try #require(me.json?["id"]?.stringValue))
        }
        #expect(ids[0] != ids[1])
    }

    @Test("queues page across more than 100 entities, and a large pageSize is capped")
    func paging() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.pageSizeCap = 120 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        var names: [String] = []
        var pageNumber = 1
        var pageCount = 1
        repeat {
            let page = try await client.json("GET", source.apiBase + "/api/v2/routing/queues?pageSize=100&pageNumber=\(pageNumber)", token: token)
            #expect(page.status == 200)
            let json = try #require(page.json)
            pageCount = Int(try #require(json["pageCount"]?.intValue))
            #expect(json["pageSize"] == .int(100))
            #expect((json["nextUri"] != nil) == (pageNumber < pageCount))
            for entity in json["entities"]?.arrayValue ?? [] {
                names.append(try #require(entity["name"]?.stringValue))
                #expect(entity["division"]?["name"]?.stringValue != nil)
            }
            pageNumber += 1
        } while pageNumber <= pageCount
        let total = emulator.orgs[0].content.queues.count
        #expect(total > 100)
        #expect(pageCount == (total + 99) / 100)
        #expect(names.count == total)
        let capped = try await client.json("GET", source.apiBase + "/api/v2/routing/queues?pageSize=1000", token: token)
        #expect(capped.json?["pageSize"] == .int(120))
        #expect(capped.json?["entities"]?.arrayValue?.count == 120)
        let bad = try await client.json("GET", source.apiBase + "/api/v2/flows?pageSize=zero", token: token)
        #expect(bad.status == 400)
    }

    @Test("every API response carries the rate-limit headers; over budget is 429 with Retry-After")
    func rateLimit() async throws {
        let emulator = try EmulatorFixture.start(records: 10) { $0.rateLimit = 5; $0.rateWindowSeconds = 30 }
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        for n in 1...5 {
            let reply = try await client.json("GET", source.apiBase + "/api/v2/routing/wrapupcodes", token: token)
            #expect(reply.status == 200)
            #expect(reply.header("inin-ratelimit-allowed") == "5")
            #expect(reply.header("inin-ratelimit-count") == String(n))
            #expect(Int(reply.header("inin-ratelimit-reset") ?? "") ?? 0 >= 1)
        }
        let refused = try await client.json("GET", source.apiBase + "/api/v2/routing/wrapupcodes", token: token)
        #expect(refused.status == 429)
        #expect(refused.json?["code"] == "too.many.requests")
        let retry = try #require(Int(refused.header("Retry-After") ?? ""))
        #expect((1...30).contains(retry))
        // The destination has its own budget.
        let destination = try #require(emulator.endpoint("destination"))
        let other = try await client.json("GET", destination.apiBase + "/api/v2/routing/wrapupcodes",
                                          token: try await client.accessToken(destination))
        #expect(other.status == 200)
        // Asking again before Retry-After elapsed is counted as a violation.
        _ = try await client.json("GET", source.apiBase + "/api/v2/routing/wrapupcodes", token: token)
        let summary = try await client.json("GET", source.apiBase + "/emulator/summary", token: nil)
        #expect(summary.json?["rejected429"] == .int(2))
        #expect(summary.json?["retryAfterViolations"] == .int(1))
    }

    @Test("error bodies follow §3.1 and unknown routes are 404")
    func errors() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let token = try await client.accessToken(source)
        let missing = try await client.json("GET", source.apiBase + "/api/v2/interaction/export/no-such-job", token: token)
        #expect(missing.status == 404)
        let json = try #require(missing.json)
        #expect(json["status"] == .int(404))
        #expect(json["code"]?.stringValue != nil)
        #expect(json["message"]?.stringValue != nil)
        #expect(missing.header("ININ-Correlation-Id") != nil)
    }

    @Test("schemas list v2.1 and v2.2 fields; v2.2 adds sentiment")
    func schemas() async throws {
        let emulator = try EmulatorFixture.start(records: 10)
        defer { emulator.shutdown() }
        let source = try #require(emulator.endpoint("source"))
        let reply = try await client.json("GET", source.apiBase + "/api/v2/interaction/export/schemas", token: try await client.accessToken(source))
        let entities = try #require(reply.json?["entities"]?.arrayValue)
        let byVersion = Dictionary(uniqueKeysWithValues: entities.map { ($0["version"]?.stringValue ?? "", Set(($0["fields"]?.arrayValue ?? []).compactMap(\.stringValue))) })
        let v21 = try #require(byVersion["v2.1"])
        let v22 = try #require(byVersion["v2.2"])
        #expect(v22.subtracting(v21) == ["sentiment"])
        #expect(v21.isSuperset(of: ["id", "type", "state", "startTime", "routing", "participants", "transfers", "wrapupCode"]))
        let destination = try #require(emulator.endpoint("destination"))
        let only = try await client.json("GET", destination.apiBase + "/api/v2/interaction/export/schemas", token: try await client.accessToken(destination))
        #expect(only.json?["entities"]?.arrayValue?.compactMap { $0["version"]?.stringValue } == ["v2.1"])
    }
}
