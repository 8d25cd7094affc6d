/// The answer to ``OrgClient/download(url:into:)``: what is known of a 2xx download once its
/// body has been streamed to the consumer.
public struct DownloadHead: Sendable {
    /// The status (2xx).
    public var status: Int
    /// The `Content-Type`, when given.
    public var contentType: String?
    /// The body bytes handed to the consumer.
    public var bytes: Int

    /// A download's head.
    public init(status: Int, contentType: String?, bytes: Int) {
        self.status = status
        self.contentType = contentType
        self.bytes = bytes
    }
}
