import Essentials

extension OrgClient {
    /// `POST {login}/oauth/token` with the client credentials (contract §2): the token and its
    /// lifetime in seconds.
    ///
    /// Transient failures are retried like any call; 400 and 401 are fatal at once.
    func fetchToken() async throws -> (value: String, lifetime: Double) {
        let url = endpoint.loginBase + "/oauth/token"
        let basic = Base64.encode(Array("\(credentials.clientId):\(credentials.clientSecret.exposedValue)".utf8))
        let call = Call(method: "POST", url: url, shown: "/oauth/token",
                        headers: [("Authorization", "Basic \(basic)"),
                                  ("Content-Type", "application/x-www-form-urlencoded"),
                                  ("Accept", "application/json")],
                        body: Array("grant_type=client_credentials".utf8),
                        authorized: false, paced: false, timeout: requestTimeout)
        let (response, _) = try await perform(call)
        let body = response.body.isEmpty ? nil : try? JSONParser.parse(response.body)
        switch response.status {
        case 200..<300:
            guard let body else {
                throw OrgClientError.malformedToken(org: label, tokenURL: url, reason: "the body is not JSON")
            }
            guard let token = body["access_token"]?.stringValue, !token.isEmpty else {
                throw OrgClientError.malformedToken(org: label, tokenURL: url, reason: "no access_token")
            }
            // Without a lifetime the 401 rule still recovers; an hour keeps refreshes rare.
            let lifetime = body["expires_in"]?.doubleValue.flatMap { $0 > 0 ? $0 : nil } ?? 3600
            return (token, lifetime)
        case 400, 401:
            let code = body?["error"]?.stringValue ?? body?["code"]?.stringValue ?? "status \(response.status)"
            throw OrgClientError.invalidCredentials(org: label, tokenURL: url, code: code, variables: credentials.origin)
        default:
            let error = OrgAPIError(org: label, method: "POST", path: "/oauth/token", response: response)
            throw OrgClientError.tokenRequestFailed(org: label, tokenURL: url, status: response.status, code: error.code,
                                                    message: error.message, correlationId: error.correlationId)
        }
    }
}
