/// Why no complete HTTP answer arrived. URLs here never carry a query, so a pre-signed download
/// URL's signature is not shown.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL could not be turned into a request.
    case invalidURL(String)
    /// The host could not be reached or the connection was refused.
    case cannotConnect(url: String, reason: String)
    /// The connection closed or broke before the whole answer arrived.
    case connectionLost(url: String, reason: String)
    /// No complete answer within the deadline, in seconds.
    case timedOut(url: String, seconds: Double)
    /// A streamed body kept arriving, but slower than `bytesPerSecond` over `seconds`: a drip that
    /// would never finish.
    case tooSlow(url: String, bytesPerSecond: Int, seconds: Double)
    /// The TLS handshake failed: a certificate or protocol problem that retrying will not fix.
    case tlsFailed(url: String, reason: String)
    /// An answer arrived but its head could not be read: libcurl refuses a response header over
    /// its limit (100 KB a header line) before any status or body is seen. The same request gets
    /// the same answer, so it is not retried; the org may have acted on it.
    case unreadableHead(url: String, reason: String)
    /// Any other failure of the HTTP stack.
    case failed(url: String, reason: String)

    /// Whether trying again later may succeed (contract §3.3: dropped connections and timeouts).
    public var isTransient: Bool {
        switch self {
        case .cannotConnect, .connectionLost, .timedOut, .tooSlow: return true
        case .invalidURL, .tlsFailed, .unreadableHead, .failed: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let url):
            return "the URL '\(url)' is not valid; check the API base or the download URL the org returned"
        case .cannotConnect(let url, let reason):
            return "could not connect to \(url) (\(reason)); check the network, the region or API base, and any proxy"
        case .connectionLost(let url, let reason):
            return "the connection to \(url) broke before the answer was complete (\(reason)); it is retried, and if it keeps happening check the network"
        case .timedOut(let url, let seconds):
            return "no answer from \(url) within \(Self.seconds(seconds)); check the network, or run again later"
        case .tooSlow(let url, let rate, let seconds):
            return "the answer from \(url) slowed to a trickle (under \(rate) bytes a second for \(Self.seconds(seconds))); check the network, or run again later"
        case .tlsFailed(let url, let reason):
            return "the secure connection to \(url) failed (\(reason)); check the system's CA certificates and any TLS-inspecting proxy"
        case .unreadableHead(let url, let reason):
            return "the answer from \(url) could not be read (\(reason)); check that the API base is the org's and that no proxy on the way adds oversized headers"
        case .failed(let url, let reason):
            return "the request to \(url) failed (\(reason))"
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
