/// The answer to ``OrgClient/download(url:)``: a 2xx body held in memory.
public struct DownloadedBody: Sendable {
    /// The status (2xx).
    public var status: Int
    /// The `Content-Type`, when given.
    public var contentType: String?
    /// The body bytes.
    public var body: [UInt8]

    /// A downloaded body.
    public init(status: Int, contentType: String?, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
