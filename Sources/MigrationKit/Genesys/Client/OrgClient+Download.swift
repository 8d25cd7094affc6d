extension OrgClient {
    /// Downloads `url` (an export's pre-signed URL, contract §7.2) into memory.
    ///
    /// The bearer token goes only to the API base's origin: a URL on any other origin (object
    /// storage) is fetched without `Authorization` and outside the org's rate budget. Transient
    /// failures are retried. Errors show the URL without its query, which holds the signature.
    ///
    /// - Throws: ``OrgClientError/refusedURL(org:url:reason:)`` for a URL that is not https (plain
    ///   http only to loopback); ``OrgAPIError`` for a non-2xx answer (``OrgAPIError/isExpiredDownload``
    ///   for 403/410: get the job again for a fresh URL); ``OrgClientError/unreachable(org:method:path:attempts:_:)``.
    public func download(url: String) async throws -> DownloadedBody {
        let parsed: HTTPURL
        switch HTTPURL.parse(url) {
        case .success(let value): parsed = value
        case .failure(let problem):
            throw OrgClientError.refusedURL(org: label, url: URLSessionTransport.withoutQuery(url), reason: problem.description)
        }
        if parsed.origin.scheme == "http" && !parsed.origin.isLoopback {
            throw OrgClientError.refusedURL(org: label, url: parsed.redacted,
                                            reason: "plain http is allowed only for loopback hosts; the org must give an https download URL")
        }
        let sameOrigin = parsed.origin == endpoint.origin
        let call = Call(method: "GET", url: url, shown: parsed.redacted, headers: [],
                        authorized: sameOrigin, paced: sameOrigin, timeout: downloadTimeout)
        let (response, attempts) = try await perform(call)
        guard (200..<300).contains(response.status) else {
            throw OrgAPIError(org: label, method: "GET", path: parsed.redacted, response: response, attempts: attempts,
                              isDownload: true)
        }
        return DownloadedBody(status: response.status, contentType: response.header("Content-Type"), body: response.body)
    }
}
