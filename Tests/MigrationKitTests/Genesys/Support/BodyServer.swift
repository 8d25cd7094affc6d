import Essentials
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP server that generates a large body as it sends it, so the test process never
/// holds the body (the emulator's server builds each response whole, which would hide what the
/// client does with memory). It answers every connection's first request with `plan`, hashes
/// what it sent, and notes the request heads it saw.
final class BodyServer: Sendable {
    /// What to send.
    struct Plan: Sendable {
        enum Framing: Sendable {
            /// `Content-Length` announces the whole body.
            case contentLength
            /// `Transfer-Encoding: chunked`, one HTTP chunk per block.
            case chunked
        }

        /// Body bytes the answer is meant to have.
        var bytes: Int
        var framing: Framing = .contentLength
        /// Close the connection (without the chunked terminator) after this many body bytes.
        var cutAfter: Int?
        /// Stop sending after this many body bytes and hold the connection open until shutdown.
        var stallAfter: Int?
        /// Seconds to wait before each block.
        var gap: Double = 0
        var blockSize = 64 * 1024
        var status = 200
        /// Whether to hash what is sent (slow in debug builds: about 2 MB/s).
        var hashes = false
    }

    private struct State: Sendable {
        var heads: [String] = []
        var sentBytes = 0
        var digest: SHA256Digest?
    }

    let port: Int
    private let listener: Int32
    private let plan: Plan
    private let state = Mutex(State())
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(_ plan: Plan) throws {
        self.plan = plan
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HarnessFailure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound, listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw HarnessFailure("could not listen on loopback")
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// `http://127.0.0.1:<port>`.
    var base: String { "http://127.0.0.1:\(port)" }

    /// Every request head received, in order.
    var heads: [String] { state.withLock { $0.heads } }

    /// The SHA-256 of the body bytes sent to the last connection that was served to the end.
    var sentDigest: SHA256Digest? { state.withLock { $0.digest } }

    /// Body bytes sent to the last connection.
    var sentBytes: Int { state.withLock { $0.sentBytes } }

    /// Stops accepting and ends any stalled connection; waits for the accept loop to end.
    func shutdown() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Wakes the accept loop.
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        done.wait()
        close(listener)
    }

    // MARK: - Serving

    private func acceptLoop() {
        defer { done.signal() }
        while !stopping.load(ordering: .acquiring) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            serve(connection)
            close(connection)
        }
    }

    private func serve(_ connection: Int32) {
        guard let head = readHead(connection) else { return }
        state.withLock { $0.heads.append(head) }
        var header = "HTTP/1.1 \(plan.status) Status\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n"
        switch plan.framing {
        case .contentLength: header += "Content-Length: \(plan.bytes)\r\n"
        case .chunked: header += "Transfer-Encoding: chunked\r\n"
        }
        header += "\r\n"
        guard sendAll(connection, Array(header.utf8)) else { return }
        var hasher = SHA256()
        var sent = 0
        var block = [UInt8](repeating: 0, count: plan.blockSize)
        while sent < plan.bytes {
            if let stall = plan.stallAfter, sent >= stall {
                while !stopping.load(ordering: .acquiring) { usleep(20_000) }
                return
            }
            if let cut = plan.cutAfter, sent >= cut { return }
            if plan.gap > 0 { usleep(UInt32(plan.gap * 1e6)) }
            var count = min(plan.blockSize, plan.bytes - sent)
            if let cut = plan.cutAfter { count = min(count, cut - sent) }
            if let stall = plan.stallAfter { count = min(count, stall - sent) }
            Self.fill(&block, offset: sent, count: count)
            let chunk = block[0..<count]
            switch plan.framing {
            case .contentLength:
                guard sendAll(connection, chunk) else { return }
            case .chunked:
                guard sendAll(connection, Array("\(String(count, radix: 16))\r\n".utf8)), sendAll(connection, chunk),
                      sendAll(connection, Array("\r\n".utf8)) else { return }
            }
            if plan.hashes { chunk.withUnsafeBytes { hasher.update($0) } }
            sent += count
            state.withLock { $0.sentBytes = sent }
        }
        if plan.framing == .chunked { _ = sendAll(connection, Array("0\r\n\r\n".utf8)) }
        if plan.hashes {
            let digest = hasher.finalize()
            state.withLock { $0.digest = digest }
        }
        // Lets the client read the end before the close.
        Glibc.shutdown(connection, Int32(SHUT_WR))
        var sink = [UInt8](repeating: 0, count: 4096)
        _ = recv(connection, &sink, sink.count, 0)
    }

    /// The body's bytes at `offset ..< offset + count` into `block`: a fixed pseudo-random
    /// pattern in which every 8-byte word also carries its own position, so a chunk delivered
    /// twice, dropped or out of order changes the hash.
    static func fill(_ block: inout [UInt8], offset: Int, count: Int) {
        block.withUnsafeMutableBytes { raw in
            var index = 0
            while index < count {
                let position = offset + index
                var mixed = UInt64(position / 8) &* 0x9E37_79B9_7F4A_7C15
                mixed ^= mixed >> 29
                if position % 8 == 0 && count - index >= 8 {
                    raw.storeBytes(of: mixed.littleEndian, toByteOffset: index, as: UInt64.self)
                    index += 8
                } else {
                    raw[index] = UInt8(truncatingIfNeeded: mixed >> (UInt64(position % 8) * 8))
                    index += 1
                }
            }
        }
    }

    private func readHead(_ connection: Int32) -> String? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < 64 * 1024 {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            received.append(contentsOf: buffer[0..<count])
            let text = String(decoding: received, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n") { return String(text[..<end.lowerBound]) }
        }
        return nil
    }

    private func sendAll(_ connection: Int32, _ bytes: some Collection<UInt8>) -> Bool {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let sent = array.withUnsafeBytes { raw in
                send(connection, raw.baseAddress! + offset, array.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
