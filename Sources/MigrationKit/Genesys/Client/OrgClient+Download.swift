extension OrgClient {
    /// Downloads `url` (an export's pre-signed URL, contract §7.2) into memory.
    ///
    /// The bearer token goes only to the API base's origin: a URL on any other origin (object
    /// storage) is fetched without `Authorization` and outside the org's rate budget. Transient
    /// failures are retried. Errors show the URL without its query, which holds the signature.
    /// For an export of any size, use ``download(url:into:)``, which never holds the body whole.
    ///
    /// - Throws: ``OrgClientError/refusedURL(org:url:reason:)`` for a URL that is not https (plain
    ///   http only to loopback); ``OrgAPIError`` for a non-2xx answer (``OrgAPIError/isExpiredDownload``
    ///   for 403/410: get the job again for a fresh URL); ``OrgClientError/unreachable(org:method:path:attempts:_:)``.
    public func download(url: String) async throws -> DownloadedBody {
        let (call, shown) = try downloadCall(url)
        let (response, attempts) = try await perform(call)
        guard (200..<300).contains(response.status) else {
            throw OrgAPIError(org: label, method: "GET", path: shown, response: response, attempts: attempts, isDownload: true)
        }
        return DownloadedBody(status: response.status, contentType: response.header("Content-Type"), body: response.body)
    }

    /// Downloads `url` (an export's pre-signed URL, contract §7.2), handing the body to `body`
    /// chunk by chunk, in order, as it arrives; the body is never held whole in memory.
    ///
    /// The same rules as ``download(url:)``: the bearer token and the org's pacing only for the
    /// API base's origin, errors without the URL's query. `body` runs on a networking thread,
    /// synchronously: the download reads no further until it returns (backpressure), so it should
    /// write and return, not wait on other tasks. A chunk's bytes are valid only during the call.
    ///
    /// Retries: a transient failure (502, 503, 504, a dropped or refused connection, an idle
    /// timeout) before the first body byte was handed over is retried as any call is (contract
    /// §3.3); once bytes were handed over, the failure is thrown, and the caller starts again from
    /// scratch with a fresh file. A body that ends short of its announced `Content-Length` is such
    /// a failure, never a silent short body. Without a `Content-Length`, a cut-short body cannot be
    /// told from a whole one here: the caller's parse and record count find it (§7.2).
    ///
    /// The client's download timeout is an idle timeout here: the time allowed without progress
    /// (a byte, or at a drip, 1 KiB a second of it), however long the whole body takes
    /// (``URLSessionTransport/stream(_:body:)``).
    ///
    /// - Throws: what `body` threw (the transfer is cancelled); ``OrgClientError/refusedURL(org:url:reason:)``;
    ///   ``OrgAPIError`` for a non-2xx answer, before any chunk (``OrgAPIError/isExpiredDownload``
    ///   for 403/410: get the job again for a fresh URL); ``OrgClientError/unreachable(org:method:path:attempts:_:)``
    ///   when no whole body came, also when it broke off after chunks were handed over;
    ///   `CancellationError`.
    public func download(url: String, into body: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) async throws
        -> DownloadHead {
        var (call, shown) = try downloadCall(url)
        let stream = DownloadStream(body)
        call.stream = stream
        let (response, attempts) = try await perform(call)
        guard (200..<300).contains(response.status) else {
            throw OrgAPIError(org: label, method: "GET", path: shown, response: response, attempts: attempts, isDownload: true)
        }
        return DownloadHead(status: response.status, contentType: response.header("Content-Type"), bytes: stream.deliveredBytes)
    }

    /// The call that downloads `url`, and the URL as errors show it, after checking that the
    /// client may send there.
    private func downloadCall(_ url: String) throws -> (Call, shown: String) {
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
        return (call, parsed.redacted)
    }
}
