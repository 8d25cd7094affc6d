import Essentials

#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP/1.1 client on one keep-alive TCP connection, for tests and benchmarks.
///
/// It opens the connection on first use and again when the server has closed it (it checks before
/// each request), reads `Content-Length` bodies (or, without one, up to the server's close), skips
/// `100 Continue`, and closes after a response with `Connection: close`. It never resends a request
/// on its own: a dropped connection is an error the caller sees. One thread at a time.
public final class LoopbackHTTPClient {
    /// The server's address.
    public let host: String
    /// The server's port.
    public let port: UInt16
    /// Seconds to wait for each piece of a response.
    public let timeout: Double
    /// How many TCP connections this client has opened: 1 after any number of kept-alive requests.
    public private(set) var connectionsOpened = 0

    private var fd: Int32 = -1
    /// Bytes received and not yet taken by a response.
    private var pending: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    /// A client for the server at `host` and `port`; nothing connects until the first request.
    public init(host: String = "127.0.0.1", port: UInt16, timeout: Double = 30) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    deinit {
        close()
    }

    /// Sends `request` and reads the whole response.
    ///
    /// Adds `Host` when the request has none and sets `Content-Length` from the body for requests
    /// with a body (or a method that carries one: POST, PUT, PATCH). A `HEAD` response has no body.
    public func send(_ request: HTTPRequest) throws(LoopbackHTTPClientError) -> (status: Int, headers: HTTPHeaders, body: [UInt8]) {
        if fd >= 0, serverHasClosed() { close() }
        try sendRaw(Self.serialize(request, host: host, port: port))
        do {
            return try readResponse(method: request.method)
        } catch {
            close()
            throw error
        }
    }

    /// Sends `bytes` exactly as given on the current connection, opening one first if there is none.
    public func sendRaw(_ bytes: [UInt8]) throws(LoopbackHTTPClientError) {
        if fd < 0 { try connect() }
        let code = Socket.sendAll(fd, bytes)
        guard code == 0 else {
            close()
            throw .sendFailed(errno: code)
        }
    }

    /// Reads everything the server sends until it closes the connection, then closes ours.
    public func readUntilClose() throws(LoopbackHTTPClientError) -> [UInt8] {
        var all = pending
        pending.removeAll()
        defer { close() }
        guard fd >= 0 else { return all }
        while true {
            switch try receive() {
            case let .some(count): all.append(contentsOf: chunk[0..<count])
            case .none: return all
            }
        }
    }

    /// Waits up to `seconds` for the server to close the connection; true when it did (or there is
    /// no connection), false when it is still open or sent data instead.
    public func waitForServerClose(seconds: Double) -> Bool {
        guard fd >= 0 else { return true }
        guard pending.isEmpty, Socket.waitReadable(fd, seconds: seconds) == .readable else { return false }
        var byte: UInt8 = 0
        var count: Int
        repeat { count = recv(fd, &byte, 1, Int32(MSG_PEEK)) } while count < 0 && errno == EINTR
        guard count <= 0 else { return false }
        close()
        return true
    }

    /// Closes the connection, if open; the next request opens a new one.
    public func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
        pending.removeAll()
    }

    // MARK: - Connection

    private func connect() throws(LoopbackHTTPClientError) {
        let addresses: [Socket.Address]
        switch Socket.resolve(host: host, port: port, passive: false) {
        case let .success(found): addresses = found
        case let .failure(error): throw .cannotResolveHost(host: host, reason: error.reason)
        }
        var lastError: Int32 = ECONNREFUSED
        for address in addresses {
            let candidate = Socket.makeTCP(family: address.family)
            guard candidate >= 0 else {
                lastError = errno
                continue
            }
            let code = Socket.connect(candidate, to: address)
            if code == 0 {
                Socket.setNoDelay(candidate)
                connectionsOpened += 1
                fd = candidate
                pending.removeAll()
                return
            }
            lastError = code
            _ = Glibc.close(candidate)
        }
        throw .cannotConnect(host: host, port: port, errno: lastError)
    }

    /// True when the idle connection has been closed by the server (or carries unexpected data).
    private func serverHasClosed() -> Bool {
        if !pending.isEmpty { return true }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var ready: Int32
        repeat { ready = poll(&entry, 1, 0) } while ready < 0 && errno == EINTR
        return ready != 0
    }

    /// One read into `chunk`: the byte count, or nil at end of stream.
    private func receive() throws(LoopbackHTTPClientError) -> Int? {
        switch Socket.waitReadable(fd, seconds: timeout) {
        case .readable: break
        case .timedOut: throw .timedOut(seconds: timeout)
        case let .failed(code): throw .receiveFailed(errno: code)
        }
        switch Socket.receive(fd, into: &chunk) {
        case let .bytes(count): return count
        case .closed: return nil
        case let .failed(code):
            // A reset after the server's close is an end of stream like any other.
            if code == ECONNRESET { return nil }
            throw .receiveFailed(errno: code)
        }
    }

    // MARK: - Responses

    private func readResponse(method: String) throws(LoopbackHTTPClientError) -> (status: Int, headers: HTTPHeaders, body: [UInt8]) {
        while true {
            let (status, version, headers) = try readHead()
            // Interim responses (100 Continue) precede the real one.
            if (100..<200).contains(status) { continue }
            var body: [UInt8] = []
            let noBody = method == "HEAD" || status == 204 || status == 304
            if !noBody {
                if let text = headers["Content-Length"] {
                    guard let length = Int(text.trimmingSpacesAndTabs()), length >= 0 else {
                        throw .malformedResponse(reason: "invalid Content-Length \"\(text)\"")
                    }
                    while pending.count < length {
                        guard let count = try receive() else {
                            throw .truncatedBody(expected: length, received: pending.count)
                        }
                        pending.append(contentsOf: chunk[0..<count])
                    }
                    body = Array(pending[0..<length])
                    pending.removeFirst(length)
                } else {
                    // No length: the body runs to the server's close.
                    while let count = try receive() { pending.append(contentsOf: chunk[0..<count]) }
                    body = pending
                    pending.removeAll()
                    close()
                }
            }
            let connection = headers["Connection"]?.lowercased() ?? ""
            if connection.contains("close") || (version == "HTTP/1.0" && !connection.contains("keep-alive")) {
                close()
            }
            return (status, headers, body)
        }
    }

    /// Reads up to the end of a response head and parses it, leaving what follows in `pending`.
    private func readHead() throws(LoopbackHTTPClientError) -> (status: Int, version: String, headers: HTTPHeaders) {
        var searchFrom = 0
        while true {
            if let end = Self.headEnd(in: pending, from: searchFrom) {
                let text = String(decoding: pending[0..<end], as: UTF8.self)
                pending.removeFirst(end)
                return try Self.parseHead(text)
            }
            searchFrom = max(0, pending.count - 3)
            guard let count = try receive() else {
                let received = pending.count
                close()
                throw .connectionClosed(receivedBytes: received)
            }
            pending.append(contentsOf: chunk[0..<count])
        }
    }

    /// The index just past the empty line ending a head (`\r\n\r\n` or `\n\n`) at or after `start`.
    private static func headEnd(in bytes: [UInt8], from start: Int) -> Int? {
        var i = max(start, 1)
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") {
                if bytes[i - 1] == UInt8(ascii: "\n") { return i + 1 }
                if i >= 2, bytes[i - 1] == UInt8(ascii: "\r"), bytes[i - 2] == UInt8(ascii: "\n") { return i + 1 }
            }
            i += 1
        }
        return nil
    }

    private static func parseHead(_ text: String) throws(LoopbackHTTPClientError) -> (status: Int, version: String, headers: HTTPHeaders) {
        // "\r\n" is one Character in Swift, so split on both forms of line end.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\r\n" || $0 == "\n" }
        let statusLine = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]), (100...999).contains(status) else {
            throw .malformedResponse(reason: "bad status line \"\(lines[0])\"")
        }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw .malformedResponse(reason: "bad header line \"\(line)\"")
            }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...].trimmingSpacesAndTabs()))
        }
        return (status, String(statusLine[0]), headers)
    }

    /// The bytes of `request` as this client sends them.
    static func serialize(_ request: HTTPRequest, host: String, port: UInt16) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + request.body.count)
        out.append(contentsOf: "\(request.method) \(request.target) \(request.version)\r\n".utf8)
        if request.headers["Host"] == nil {
            out.append(contentsOf: "Host: \(host):\(port)\r\n".utf8)
        }
        for field in request.headers where !HTTPHeaderName.matches(field.name, "content-length") {
            out.append(contentsOf: "\(field.name): \(field.value)\r\n".utf8)
        }
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            out.append(contentsOf: "Content-Length: \(request.body.count)\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: request.body)
        return out
    }
}
