import Essentials

extension EmulatedOrg {
    /// `GET /api/v2/organizations/me` (§4).
    func organization() -> JSONValue {
        ["id": .string(content.id), "name": .string(content.name), "thirdPartyOrgName": .string(content.domain),
         "domain": .string(content.domain), "state": "active", "selfUri": .string("/api/v2/organizations/\(content.id)")]
    }

    func queueEntity(_ queue: EmulatedQueue) -> JSONValue {
        ["id": .string(queue.id), "name": .string(queue.name),
         "division": ["id": .string(queue.divisionId), "name": .string(queue.divisionName),
                      "selfUri": .string("/api/v2/authorization/divisions/\(queue.divisionId)")],
         "memberCount": 0, "selfUri": .string("/api/v2/routing/queues/\(queue.id)")]
    }

    func wrapupEntity(_ code: EmulatedWrapupCode) -> JSONValue {
        ["id": .string(code.id), "name": .string(code.name), "selfUri": .string("/api/v2/routing/wrapupcodes/\(code.id)")]
    }

    func flowEntity(_ flow: EmulatedFlow) -> JSONValue {
        ["id": .string(flow.id), "name": .string(flow.name), "type": .string(flow.type),
         "selfUri": .string("/api/v2/flows/\(flow.id)")]
    }

    /// One page of a §3.4 list. A `pageSize` over the org's cap is silently capped.
    func page(_ request: HTTPRequest, entities: [JSONValue]) -> HTTPResponse {
        let sizeText = request.query("pageSize") ?? "25"
        let numberText = request.query("pageNumber") ?? "1"
        guard let asked = Int(sizeText), asked >= 1, let number = Int(numberText), number >= 1 else {
            return error(400, "bad.request", "pageSize and pageNumber must be whole numbers of at least 1")
        }
        let size = min(asked, knobs.pageSizeCap)
        let pageCount = max(1, (entities.count + size - 1) / size)
        let start = min((number - 1) * size, entities.count)
        let end = min(start + size, entities.count)
        let base = request.path
        func uri(_ n: Int) -> JSONValue { .string("\(base)?pageSize=\(size)&pageNumber=\(n)") }
        var body: JSONValue = [
            "entities": .array(Array(entities[start..<end])), "pageSize": .int(Int64(size)), "pageNumber": .int(Int64(number)),
            "total": .int(Int64(entities.count)), "pageCount": .int(Int64(pageCount)),
            "selfUri": uri(number), "firstUri": uri(1), "lastUri": uri(pageCount),
        ]
        if number < pageCount, case .object(var object) = body {
            object["nextUri"] = uri(number + 1)
            body = .object(object)
        }
        return .json(200, body)
    }

    /// `GET /api/v2/interaction/export/schemas` (§6).
    func schemas() -> JSONValue {
        .object(JSONObject([("entities", .array(content.schemaVersions.map { version in
            ["version": .string(version), "fields": .array((schemaFields[version] ?? []).sorted().map { .string($0) })]
        }))]))
    }
}
