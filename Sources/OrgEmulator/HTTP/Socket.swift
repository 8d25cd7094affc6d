import Essentials

#if canImport(Glibc)
import Glibc
#endif

/// Blocking TCP socket calls shared by the server and the loopback client, with `EINTR` retried.
///
/// Sends use `MSG_NOSIGNAL`, so writing to a socket the peer closed returns `EPIPE` instead of
/// raising SIGPIPE. That keeps the process-wide SIGPIPE disposition alone: the command-line tool
/// still dies quietly when its standard output is a closed pipe (`| head`).
enum Socket {
    /// An address `getaddrinfo` found.
    struct Address {
        var storage: sockaddr_storage
        var length: socklen_t
        var family: Int32
    }

    /// What waiting for input found.
    enum Wait: Equatable {
        case readable
        case timedOut
        case failed(Int32)
    }

    /// What one `recv` got.
    enum Read: Equatable {
        case bytes(Int)
        case closed
        case failed(Int32)
    }

    /// The addresses for `host` and `port`, IPv4 first; or the resolver's reason.
    static func resolve(host: String, port: UInt16, passive: Bool) -> Result<[Address], ResolveError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0 else {
            return .failure(ResolveError(reason: String(cString: gai_strerror(code))))
        }
        defer { freeaddrinfo(list) }
        var addresses: [Address] = []
        var next = list
        while let info = next {
            next = info.pointee.ai_next
            guard let address = info.pointee.ai_addr else { continue }
            var storage = sockaddr_storage()
            let length = info.pointee.ai_addrlen
            withUnsafeMutableBytes(of: &storage) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(length)))
            }
            addresses.append(Address(storage: storage, length: length, family: info.pointee.ai_family))
        }
        // "localhost" may list ::1 first; the emulator's clients dial 127.0.0.1.
        addresses.sort { $0.family == AF_INET && $1.family != AF_INET }
        guard !addresses.isEmpty else { return .failure(ResolveError(reason: "no address found")) }
        return .success(addresses)
    }

    /// The resolver's explanation for a host it could not turn into an address.
    struct ResolveError: Error {
        let reason: String
    }

    /// A new blocking TCP socket for `family`, closed on exec, or -1 with `errno` set.
    static func makeTCP(family: Int32) -> Int32 {
        socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    /// Sets an integer socket option; failures are ignored (the options tune, they do not decide).
    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends are abandoned (`EAGAIN`) after `seconds` without progress, so a client that stops
    /// reading cannot hold a thread forever.
    static func setSendTimeout(_ fd: Int32, seconds: Double) {
        var time = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1e6))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Keeps `fd` out of processes the tool starts.
    static func setCloseOnExec(_ fd: Int32) {
        _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
    }

    /// Turns off Nagle's algorithm: a response goes out at once, not after the peer's delayed ACK.
    static func setNoDelay(_ fd: Int32) {
        setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
    }

    /// Connects `fd` to `address`, retrying `EINTR`; returns 0 or an errno value.
    static func connect(_ fd: Int32, to address: Address) -> Int32 {
        var address = address
        let result = withUnsafePointer(to: &address.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
        }
        if result == 0 { return 0 }
        guard errno == EINTR else { return errno }
        // An interrupted connect goes on in the background; wait for it to finish.
        var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        while poll(&entry, 1, -1) < 0 {
            guard errno == EINTR else { return errno }
        }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
        return code
    }

    /// Waits until `fd` has input (or end of stream) for up to `seconds`; nil waits forever.
    static func waitReadable(_ fd: Int32, seconds: Double?) -> Wait {
        let deadline = seconds.map { Stopwatch.nanoseconds() + UInt64(max($0, 0) * 1e9) }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            var timeout: Int32 = -1
            if let deadline {
                let now = Stopwatch.nanoseconds()
                // Round up so a wait never ends early and spins.
                timeout = now >= deadline ? 0 : Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            }
            let count = poll(&entry, 1, timeout)
            if count > 0 { return .readable }
            if count == 0 {
                if let deadline, Stopwatch.nanoseconds() < deadline { continue }
                return .timedOut
            }
            guard errno == EINTR else { return .failed(errno) }
        }
    }

    /// One `recv` into `buffer`, retrying `EINTR`.
    static func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Read {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { return .bytes(count) }
            if count == 0 { return .closed }
            guard errno == EINTR else { return .failed(errno) }
        }
    }

    /// Sends all of `bytes`, looping over partial sends; returns 0 or an errno value.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent >= 0 {
                    offset += sent
                } else if errno != EINTR {
                    return errno
                }
            }
            return 0
        }
    }

    /// The system's text for `code`, lower-cased at the start to sit mid-sentence.
    static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let message = String(cString: text)
        guard let first = message.first else { return "error \(code)" }
        return first.lowercased() + message.dropFirst()
    }
}
