import Essentials

extension OrgClient {
    /// `GET {apiBase}{path}?{query}`: the parsed body of a 2xx answer (`null` when empty).
    ///
    /// - Throws: ``OrgAPIError`` for any other status (after retries), ``OrgClientError`` when
    ///   no answer came or the body is not JSON.
    public func get(_ path: String, query: [(String, String)] = []) async throws -> JSONValue {
        let target = URLQuery.append(query, to: path)
        let call = try apiCall("GET", target, body: nil, retryTransient: true)
        let (response, attempts) = try await perform(call)
        guard (200..<300).contains(response.status) else {
            throw OrgAPIError(org: label, method: "GET", path: target, response: response, attempts: attempts)
        }
        return try json(response, method: "GET", path: target)
    }

    /// `POST {apiBase}{path}` with a JSON body: the status and parsed body of a 2xx answer.
    ///
    /// - Parameter retryTransient: whether 502/503/504, dropped connections and timeouts are
    ///   retried. An import job's POST passes false and handles them itself (contract §7.5); a 401
    ///   and a 429 are retried either way, since the org did not act on the request.
    /// - Throws: ``OrgAPIError`` for a non-2xx answer, ``OrgClientError`` when no answer came or
    ///   the body is not JSON.
    public func post(_ path: String, body: JSONValue, retryTransient: Bool = true) async throws -> (status: Int, body: JSONValue) {
        try await post(path, bytes: try JSONWriter.compact(body), retryTransient: retryTransient)
    }

    /// `POST {apiBase}{path}` with `bytes` as the JSON body, sent exactly as given (an import
    /// chunk's canonical body, whose hash identifies it): as ``post(_:body:retryTransient:)``.
    public func post(_ path: String, bytes: [UInt8], retryTransient: Bool = true) async throws -> (status: Int, body: JSONValue) {
        let call = try apiCall("POST", path, body: bytes, retryTransient: retryTransient)
        let (response, attempts) = try await perform(call)
        guard (200..<300).contains(response.status) else {
            throw OrgAPIError(org: label, method: "POST", path: path, response: response, attempts: attempts)
        }
        return (response.status, try json(response, method: "POST", path: path))
    }

    /// Every entity of a paged list (contract §3.4), in the order the pages give them.
    ///
    /// Asks for `pageSize` per page and follows `pageNumber` until `pageNumber >= pageCount`;
    /// the org may cap the size, so the pages it reports are what counts. Without `pageCount`,
    /// follows until there is no `nextUri`. An empty page also ends the list.
    ///
    /// - Throws: as ``get(_:query:)``; ``OrgClientError/malformedResponse(org:method:path:reason:correlationId:)``
    ///   for a page without `entities`; ``OrgClientError/tooManyPages(org:path:pages:)`` after 10,000 pages.
    public func listAll(_ path: String, pageSize: Int = 100, query: [(String, String)] = []) async throws -> [JSONValue] {
        let maximumPages = 10_000
        var entities: [JSONValue] = []
        var pageNumber = 1
        while true {
            let page = try await get(path, query: query + [("pageSize", String(pageSize)), ("pageNumber", String(pageNumber))])
            guard let items = page["entities"]?.arrayValue else {
                let problem = page.isNull ? "is empty" : "has no entities array"
                throw OrgClientError.malformedResponse(org: label, method: "GET", path: path,
                                                       reason: "page \(pageNumber) \(problem)", correlationId: nil)
            }
            entities.append(contentsOf: items)
            let number = page["pageNumber"]?.intValue.map(Int.init) ?? pageNumber
            if let pageCount = page["pageCount"]?.intValue {
                if number >= pageCount { break }
            } else if page["nextUri"] == nil || page["nextUri"]?.isNull == true {
                break
            }
            if items.isEmpty { break }
            pageNumber = max(pageNumber, number) + 1
            guard pageNumber <= maximumPages else {
                throw OrgClientError.tooManyPages(org: label, path: path, pages: maximumPages)
            }
        }
        return entities
    }

    /// The org's identity (contract §4), from `GET /api/v2/organizations/me`.
    ///
    /// - Throws: as ``get(_:query:)``; ``OrgClientError/malformedResponse(org:method:path:reason:correlationId:)``
    ///   when the answer has no `id`.
    public func organization() async throws -> OrgIdentity {
        let path = "/api/v2/organizations/me"
        let body = try await get(path)
        guard let id = body["id"]?.stringValue, !id.isEmpty else {
            throw OrgClientError.malformedResponse(org: label, method: "GET", path: path,
                                                   reason: body.isNull ? "the body is empty" : "no id", correlationId: nil)
        }
        return OrgIdentity(id: id, name: body["name"]?.stringValue ?? id, apiBase: endpoint.apiBase)
    }

    // MARK: - Helpers

    /// A call to the API base: authorized and paced.
    private func apiCall(_ method: String, _ target: String, body: [UInt8]?, retryTransient: Bool) throws -> Call {
        guard target.hasPrefix("/") else {
            throw OrgClientError.refusedURL(org: label, url: target, reason: "an API path must start with /api/v2/")
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json; charset=utf-8")) }
        return Call(method: method, url: endpoint.apiBase + target, shown: target, headers: headers, body: body,
                    authorized: true, paced: true, retryTransient: retryTransient, timeout: requestTimeout)
    }

    /// The JSON of a 2xx answer; an empty body is `null`.
    private func json(_ response: TransportResponse, method: String, path: String) throws -> JSONValue {
        if response.body.isEmpty { return .null }
        do {
            return try JSONParser.parse(response.body)
        } catch {
            throw OrgClientError.malformedResponse(
                org: label, method: method, path: path,
                reason: "the body is not JSON (\(response.header("Content-Type") ?? "no content type"): \(error))",
                correlationId: response.header("ININ-Correlation-Id"))
        }
    }
}
