/// Why an ``OrgClient`` call failed without a usable answer from the org. (An answer with an
/// error status is an ``OrgAPIError``.) No case ever carries a token or a secret.
public enum OrgClientError: Error, Sendable, CustomStringConvertible {
    /// The org's OAuth endpoint refused the client credentials (400 or 401, `invalid_client`, ...).
    /// Fatal at once: retrying cannot help. `variables` names where the credentials came from.
    case invalidCredentials(org: String, tokenURL: String, code: String, variables: String?)
    /// The OAuth endpoint failed in another way (a status other than 400/401, after retries).
    case tokenRequestFailed(org: String, tokenURL: String, status: Int, code: String?, message: String?, correlationId: String?)
    /// The OAuth endpoint answered 2xx with a body that has no usable `access_token`.
    case malformedToken(org: String, tokenURL: String, reason: String)
    /// No answer came: the connection failed, broke or timed out, after `attempts` tries.
    case unreachable(org: String, method: String, path: String, attempts: Int, TransportError)
    /// A 2xx answer whose body is not what the contract describes.
    case malformedResponse(org: String, method: String, path: String, reason: String, correlationId: String?)
    /// A URL the client will not send to: not http(s), or plain http to a host that is not loopback.
    case refusedURL(org: String, url: String, reason: String)
    /// A paged list did not end within `pages` pages.
    case tooManyPages(org: String, path: String, pages: Int)

    /// Whether trying again later may succeed.
    public var isTransient: Bool {
        if case .unreachable(_, _, _, _, let error) = self { return error.isTransient }
        return false
    }

    public var description: String {
        switch self {
        case .invalidCredentials(let org, let tokenURL, let code, let variables):
            let check = variables.map { "check \($0)" } ?? "check the client id and secret"
            return "\(org) org: the login at \(tokenURL) refused the OAuth client credentials (\(code)); \(check): it must be a client-credentials OAuth client of this org, in this region"
        case .tokenRequestFailed(let org, let tokenURL, let status, let code, let message, let correlationId):
            return "\(org) org: the login at \(tokenURL) failed with \(status)\(code.map { " (\($0))" } ?? "")\(message.map { ": \($0)" } ?? ""); correlation id \(correlationId ?? "none"); check the login base (region), then run again later"
        case .malformedToken(let org, let tokenURL, let reason):
            return "\(org) org: the login at \(tokenURL) answered without a usable token (\(reason)); check that the login base is the org's, not a proxy's"
        case .unreachable(let org, let method, let path, let attempts, let error):
            return "\(org) org: \(method) \(path) got no answer after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(error)"
        case .malformedResponse(let org, let method, let path, let reason, let correlationId):
            return "\(org) org: \(method) \(path) answered with an unexpected body (\(reason)); correlation id \(correlationId ?? "none"); check that the API base is a Genesys Cloud org's"
        case .refusedURL(let org, let url, let reason):
            return "\(org) org: refusing to send a request to \(url): \(reason)"
        case .tooManyPages(let org, let path, let pages):
            return "\(org) org: GET \(path) still had more pages after \(pages); the list keeps growing or the org's paging is broken; run again later"
        }
    }
}
