import Essentials

/// A non-2xx answer from an org, after the client's own retries (contract §3.1).
///
/// Carries what is needed to act on it and to trace it with the platform's support: the request
/// (method and path; never a token, and a download URL without its signed query), the status,
/// the platform's `code`, `message` and `errors`, and the `ININ-Correlation-Id`. Every field of
/// the body is optional, and a body that is not JSON (a gateway's HTML page) is reported as such.
public struct OrgAPIError: Error, Sendable, CustomStringConvertible {
    /// The org's label (`source`, `destination`).
    public var org: String
    /// `GET`, `POST`, ...
    public var method: String
    /// The API path with its query, or a download URL without its query.
    public var path: String
    /// The HTTP status.
    public var status: Int
    /// The platform's error `code` (`missing.permissions`), when the body had one.
    public var code: String?
    /// The platform's `message`, when the body had one.
    public var message: String?
    /// The `ININ-Correlation-Id` header, when the answer had one.
    public var correlationId: String?
    /// The body's `errors` array (offending records of an import, ...); empty when absent.
    public var errors: [JSONValue]
    /// The whole body when it was JSON.
    public var body: JSONValue?
    /// The answer's `Content-Type`.
    public var contentType: String?
    /// Requests sent for this call, retries included.
    public var attempts: Int
    /// Whether the request was a download from a pre-signed URL (§7.2).
    public var isDownload: Bool

    /// An error from an answer.
    public init(org: String, method: String, path: String, response: TransportResponse, attempts: Int = 1,
                isDownload: Bool = false) {
        self.org = org
        self.method = method
        self.path = path
        self.status = response.status
        self.correlationId = response.header("ININ-Correlation-Id")
        self.contentType = response.header("Content-Type")
        self.attempts = attempts
        self.isDownload = isDownload
        let parsed = response.body.isEmpty ? nil : try? JSONParser.parse(response.body)
        self.body = parsed
        self.code = parsed?["code"]?.stringValue ?? parsed?["error"]?.stringValue
        self.message = parsed?["message"]?.stringValue ?? parsed?["error_description"]?.stringValue
        self.errors = parsed?["errors"]?.arrayValue ?? []
    }

    /// Whether trying again later may succeed: 502, 503 and 504 (contract §3.3).
    public var isTransient: Bool { status == 502 || status == 503 || status == 504 }

    /// Whether a download URL has expired (403 or 410, §7.2): get the job again for a fresh one.
    public var isExpiredDownload: Bool { isDownload && (status == 403 || status == 410) }

    /// Whether the body was JSON.
    public var bodyIsJSON: Bool { body != nil }

    public var description: String {
        var text = "\(org) org: \(method) \(path) failed with \(status)"
        if let code { text += " (\(code))" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        if let message {
            text += ": \(message)"
        } else if body == nil {
            text += ": the answer was not JSON (\(contentType ?? "no content type")), so a gateway or proxy answered rather than the platform"
        }
        text += "; correlation id \(correlationId ?? "none")"
        if let hint { text += "; \(hint)" }
        return text
    }

    /// What to do next, by status.
    private var hint: String? {
        if isExpiredDownload { return "the download URL has expired: get the job again for a fresh URL" }
        switch status {
        case 400, 422: return "the org refused the request as invalid: see the message above"
        case 401: return "the org refused a freshly issued token: check that the OAuth client is active and belongs to this org"
        case 403: return "give the OAuth client's role the permission the message names, then run again"
        case 404: return "check that the API base is this org's region and that the object still exists"
        case 429: return "the org kept answering 429: another tool may be spending this OAuth client's budget; run again later"
        case 502, 503, 504: return "the org kept failing: run again later"
        case 500...599: return "a platform error: run again later, and quote the correlation id to Genesys support if it persists"
        default: return nil
        }
    }
}
