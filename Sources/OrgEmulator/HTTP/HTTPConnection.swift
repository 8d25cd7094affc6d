import Essentials
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Serves the requests of one accepted connection on its own thread, until either side closes it.
///
/// The loop: parse what is buffered; on a whole request call the handler and send its response;
/// otherwise wait for input, for `idleTimeout` between requests or `readTimeout` inside one.
/// The caller closes the socket when `run()` returns.
struct HTTPConnection {
    let fd: Int32
    let configuration: HTTPServer.Configuration
    let handler: any HTTPHandler

    /// How much received input may sit before already-parsed requests before it is compacted away.
    private static let compactionThreshold = 64 * 1024

    /// Numbers connections for ``HTTPRequest/connection``.
    private static let counter = Atomic<Int>(0)
    private let identity = HTTPConnection.counter.add(1, ordering: .relaxed).newValue

    func run() {
        var parser = HTTPRequestParser(
            maximumHeaderBytes: configuration.maximumHeaderBytes,
            maximumBodyBytes: configuration.maximumBodyBytes
        )
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        var start = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var sentContinue = false
        // When the bytes now first in the buffer arrived: the first bytes of the next request.
        var pendingSince: Double?

        while true {
            let result = start < buffer.count ? parser.parse(buffer[start...]) : .incomplete
            switch result {
            case let .request(parsed, consumed):
                var request = parsed
                request.arrivedAt = pendingSince
                request.connection = identity
                start += consumed
                if start == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                    start = 0
                    pendingSince = nil
                }
                sentContinue = false
                let response = handler.respond(to: request)
                if response.disposition == .drop { return }
                let (bytes, closes) = HTTPResponseWriter.serialize(response, for: request)
                guard Socket.sendAll(fd, bytes) == 0 else { return }
                handler.didSend(response, to: request, at: Date().timeIntervalSince1970)
                if closes {
                    closeGracefully()
                    return
                }

            case let .failure(status, reason):
                let response = HTTPResponseWriter.errorResponse(status: status, reason: reason)
                if Socket.sendAll(fd, HTTPResponseWriter.serialize(response, for: nil).bytes) == 0 {
                    closeGracefully()
                }
                return

            case .incomplete:
                if parser.isAwaitingBodyAfterExpectContinue && !sentContinue {
                    guard Socket.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) == 0 else { return }
                    sentContinue = true
                }
                if start >= Self.compactionThreshold {
                    // The parser counts from the start of what it is given, so dropping consumed
                    // bytes does not disturb it.
                    buffer.removeFirst(start)
                    start = 0
                }
                let inRequest = start < buffer.count
                switch Socket.waitReadable(fd, seconds: inRequest ? configuration.readTimeout : configuration.idleTimeout) {
                case .readable:
                    break
                case .timedOut:
                    if inRequest {
                        let response = HTTPResponseWriter.errorResponse(
                            status: 408,
                            reason: "no part of the request arrived for \(configuration.readTimeout) seconds"
                        )
                        if Socket.sendAll(fd, HTTPResponseWriter.serialize(response, for: nil).bytes) == 0 {
                            closeGracefully()
                        }
                    }
                    return
                case .failed:
                    return
                }
                switch Socket.receive(fd, into: &chunk) {
                case let .bytes(count):
                    if start >= buffer.count { pendingSince = Date().timeIntervalSince1970 }
                    buffer.append(contentsOf: chunk[0..<count])
                case .closed, .failed:
                    // A client that leaves mid-request, or between requests.
                    return
                }
            }
        }
    }

    /// Ends our side, then reads and discards what the client still sends, briefly, before closing.
    ///
    /// Closing a socket with unread input makes the kernel send RST, and an RST can destroy the
    /// response still in flight before the client reads it (RFC 9112 §9.6). Waiting for the client's
    /// own close, for at most a second and a megabyte, avoids that.
    private func closeGracefully() {
        _ = shutdown(fd, Int32(SHUT_WR))
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var discarded = 0
        let stopwatch = Stopwatch()
        while discarded < 1 << 20 {
            let remaining = min(configuration.readTimeout, 1) - stopwatch.elapsed
            guard remaining > 0, Socket.waitReadable(fd, seconds: remaining) == .readable else { return }
            guard case let .bytes(count) = Socket.receive(fd, into: &chunk) else { return }
            discarded += count
        }
    }
}
