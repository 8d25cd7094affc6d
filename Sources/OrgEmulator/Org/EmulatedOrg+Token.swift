import Essentials

extension EmulatedOrg {
    /// `POST /oauth/token` (§2): client credentials with HTTP Basic auth.
    func token(_ request: HTTPRequest, now: Double) -> HTTPResponse {
        guard request.method == "POST" else {
            return .json(405, ["error": "invalid_request", "description": "use POST", "error_description": "use POST"])
        }
        let form = HTTPRequest(method: "", target: "?" + String(decoding: request.body, as: UTF8.self))
        guard form.query("grant_type") == "client_credentials" else {
            return .json(400, ["error": "unsupported_grant_type", "description": "grant_type must be client_credentials",
                               "error_description": "grant_type must be client_credentials"])
        }
        guard let (id, secret) = EmulatedOrg.basicCredentials(request), id == clientId, secret == clientSecret else {
            return .json(400, ["error": "invalid_client", "description": "client not found", "error_description": "client not found"])
        }
        let token = state.withLock { state -> String in
            let token = state.random.uuidString() + "." + state.random.uuidString()
            state.tokens[token] = now + Double(knobs.tokenLifetimeSeconds)
            // Expired tokens are forgotten now and then, so a long run keeps a small table.
            if state.tokens.count > 1000 { state.tokens = state.tokens.filter { $0.value > now } }
            return token
        }
        return .json(200, ["access_token": .string(token), "token_type": "bearer",
                           "expires_in": .int(Int64(knobs.tokenLifetimeSeconds))])
    }

    /// The id and secret of an `Authorization: Basic` header.
    static func basicCredentials(_ request: HTTPRequest) -> (String, String)? {
        guard let value = request.headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let decoded = Base64.decode(String(parts[1])) else {
            return nil
        }
        let text = String(decoding: decoded, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
