import Essentials
import MigrationKit
import Testing

@Suite("OrgClient: paged lists (contract §3.4)")
struct OrgClientPagingTests {
    /// A list of `total` numbered entities served `cap` per page, whatever size was asked.
    static func pages(total: Int, cap: Int, withPageCount: Bool = true) -> FakeTransport.Handler {
        FakeOrg.handler { request in
            let query = request.url.split(separator: "?").last.map(String.init) ?? ""
            var number = 1
            for item in query.split(separator: "&") where item.hasPrefix("pageNumber=") { number = Int(item.dropFirst(11)) ?? 1 }
            let start = min((number - 1) * cap, total), end = min(start + cap, total)
            let count = (total + cap - 1) / cap
            var page: [(String, JSONValue)] = [
                ("entities", .array((start..<end).map { ["id": .string("e\($0)")] })),
                ("pageSize", .int(Int64(cap))), ("pageNumber", .int(Int64(number))), ("total", .int(Int64(total))),
            ]
            if withPageCount { page.append(("pageCount", .int(Int64(count)))) }
            page.append(("nextUri", number < count ? .string("/api/v2/things?pageSize=\(cap)&pageNumber=\(number + 1)") : .null))
            return Canned.json(200, .object(JSONObject(page)))
        }
    }

    @Test("asks for 100 per page and follows pageNumber up to pageCount, even when capped")
    func capped() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: Self.pages(total: 231, cap: 40))
        let entities = try await FakeOrg.client(transport, clock: clock).listAll("/api/v2/things")
        #expect(entities.map { $0["id"]?.stringValue } == (0..<231).map { "e\($0)" })
        let urls = transport.apiRequests.map(\.request.url)
        #expect(urls.count == 6)
        #expect(urls.first == FakeOrg.apiBase + "/api/v2/things?pageSize=100&pageNumber=1")
        #expect(urls.last == FakeOrg.apiBase + "/api/v2/things?pageSize=100&pageNumber=6")
    }

    @Test("without pageCount, pages are followed until nextUri is null")
    func nextUri() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: Self.pages(total: 250, cap: 100, withPageCount: false))
        let entities = try await FakeOrg.client(transport, clock: clock).listAll("/api/v2/things")
        #expect(entities.count == 250)
        #expect(transport.apiRequests.count == 3)
    }

    @Test("an empty list is one request")
    func empty() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: Self.pages(total: 0, cap: 100))
        #expect(try await FakeOrg.client(transport, clock: clock).listAll("/api/v2/things").isEmpty)
        #expect(transport.apiRequests.count == 1)
    }

    @Test("a page without entities is a malformed answer")
    func malformed() async throws {
        let clock = ManualClock()
        let transport = FakeTransport(clock: clock, handler: FakeOrg.handler { _ in Canned.json(200, ["pageCount": 1]) })
        await #expect {
            try await FakeOrg.client(transport, clock: clock).listAll("/api/v2/things")
        } throws: { error in
            guard case .malformedResponse = error as? OrgClientError else { return false }
            return "\(error)".contains("no entities")
        }
    }
}
