import Essentials

extension HTTPRequest {
    /// Whether the client lets the connection stay open after this request (RFC 9112 §9.3).
    ///
    /// HTTP/1.1 (and later 1.x) keeps it open unless a `Connection` field lists `close`; HTTP/1.0
    /// closes it unless a `Connection` field lists `keep-alive`.
    public var keepsConnectionAlive: Bool {
        var close = false, keepAlive = false
        for field in headers where HTTPHeaderName.matches(field.name, "connection") {
            for option in field.value.split(separator: ",") {
                switch option.trimmingSpacesAndTabs().lowercased() {
                case "close": close = true
                case "keep-alive": keepAlive = true
                default: break
                }
            }
        }
        if close { return false }
        return version == "HTTP/1.0" ? keepAlive : true
    }
}
