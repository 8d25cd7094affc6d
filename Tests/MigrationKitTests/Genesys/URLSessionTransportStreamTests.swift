import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

@Suite("URLSessionTransport.stream over loopback")
struct URLSessionTransportStreamTests {
    static func get(_ base: String, _ path: String = "/body", timeout: Double = 30) -> TransportRequest {
        TransportRequest(method: "GET", url: base + path, timeout: timeout)
    }

    @Test("a body arrives in order, in several chunks, byte for byte", arguments: [BodyServer.Plan.Framing.contentLength, .chunked])
    func inOrder(framing: BodyServer.Plan.Framing) async throws {
        let size = 5 * 1024 * 1024 + 123
        let server = try BodyServer(BodyServer.Plan(bytes: size, framing: framing))
        defer { server.shutdown() }
        let log = ChunkLog()
        let response = try await URLSessionTransport().stream(Self.get(server.base)) { log.take($0) }
        #expect(response.status == 200)
        #expect(response.body.isEmpty, "a 2xx body goes to the consumer, not into the response")
        #expect(response.header("content-type") == "application/octet-stream")
        #expect(log.count > 1, "streamed, not handed over whole")
        #expect(log.total == size)
        #expect(log.bytes == expectedBody(size))
    }

    @Test("a body cut short of its Content-Length is a transient error, not a short body")
    func cutShortWithLength() async throws {
        let server = try BodyServer(BodyServer.Plan(bytes: 4 << 20, cutAfter: 1 << 20))
        defer { server.shutdown() }
        let log = ChunkLog()
        do {
            let response = try await URLSessionTransport().stream(Self.get(server.base)) { log.take($0) }
            Issue.record("a cut-short body was taken as whole: status \(response.status), \(log.total) bytes")
        } catch let error as TransportError {
            #expect(error.isTransient, "\(error)")
            guard case .connectionLost(let url, _) = error else {
                Issue.record("expected connectionLost, got \(error)")
                return
            }
            #expect(url == server.base + "/body")
        }
        #expect(log.total <= 1 << 20)
    }

    @Test("a chunked body that breaks off is a transient error")
    func cutShortChunked() async throws {
        let server = try BodyServer(BodyServer.Plan(bytes: 4 << 20, framing: .chunked, cutAfter: 1 << 20))
        defer { server.shutdown() }
        let log = ChunkLog()
        do {
            _ = try await URLSessionTransport().stream(Self.get(server.base)) { log.take($0) }
            Issue.record("a broken chunked body was taken as whole (\(log.total) bytes)")
        } catch let error as TransportError {
            #expect(error.isTransient, "\(error)")
        }
    }

    @Test("a non-2xx answer reaches no consumer; its body comes back as send returns it")
    func errorStatus() async throws {
        let handler = ScriptedServer { _ in
            var headers = HTTPHeaders()
            headers.set("Content-Type", "application/xml")
            headers.set("ININ-Correlation-Id", "corr-9")
            return HTTPResponse(status: 410, headers: headers, body: Array("<Error>Gone</Error>".utf8))
        }
        let (server, base) = try serve(handler)
        defer { server.shutdown() }
        let log = ChunkLog()
        let response = try await URLSessionTransport().stream(Self.get(base, "/x?sig=1")) { log.take($0) }
        #expect(response.status == 410)
        #expect(String(decoding: response.body, as: UTF8.self) == "<Error>Gone</Error>")
        #expect(response.header("inin-correlation-id") == "corr-9")
        #expect(log.count == 0)
    }

    @Test("a redirect is returned, not followed, and its body reaches no consumer")
    func redirectNotFollowed() async throws {
        let target = ScriptedServer { _ in HTTPResponse(status: 200, body: Array("followed".utf8)) }
        let (targetServer, targetBase) = try serve(target)
        defer { targetServer.shutdown() }
        let origin = ScriptedServer { _ in
            var headers = HTTPHeaders()
            headers.set("Location", targetBase + "/stolen")
            return HTTPResponse(status: 302, headers: headers, body: Array("moved".utf8))
        }
        let (originServer, originBase) = try serve(origin)
        defer { originServer.shutdown() }
        let log = ChunkLog()
        let response = try await URLSessionTransport().stream(TransportRequest(
            method: "GET", url: originBase + "/x", headers: [("Authorization", "Bearer secret-token")], timeout: 10)) { log.take($0) }
        #expect(response.status == 302)
        #expect(response.header("location") == targetBase + "/stolen")
        #expect(log.count == 0)
        #expect(target.authorizations.isEmpty)
    }

    @Test("a consumer that throws ends the transfer, its error comes back, and it is not called again")
    func consumerThrows() async throws {
        let server = try BodyServer(BodyServer.Plan(bytes: 64 << 20))
        defer { server.shutdown() }
        let log = ChunkLog(keepBytes: false)
        do {
            _ = try await URLSessionTransport().stream(Self.get(server.base)) { chunk in
                log.take(chunk)
                if log.total >= 1 << 20 {
                    log.markFailed()
                    throw ConsumerStop(after: log.count)
                }
            }
            Issue.record("the consumer's error was lost")
        } catch let error as ConsumerStop {
            #expect(error.after == log.count)
        }
        #expect(log.callsAfterFailure == 0)
        #expect(log.total < 64 << 20)
    }

    @Test("a connection refused before any byte is a transient error")
    func refused() async throws {
        let (descriptor, port) = try URLSessionTransportTests.refusingPort()
        defer { close(descriptor) }
        do {
            _ = try await URLSessionTransport().stream(Self.get("http://127.0.0.1:\(port)", "/x?sig=hidden", timeout: 10)) { _ in }
            Issue.record("a refused connection answered")
        } catch let error as TransportError {
            #expect(error.isTransient, "\(error)")
            #expect(!error.description.contains("hidden"))
        }
    }

    @Test("the timeout is an idle timeout: a stalled body fails with it")
    func stalled() async throws {
        let server = try BodyServer(BodyServer.Plan(bytes: 4 << 20, stallAfter: 256 << 10))
        defer { server.shutdown() }
        let log = ChunkLog(keepBytes: false)
        do {
            _ = try await URLSessionTransport().stream(Self.get(server.base, timeout: 1)) { log.take($0) }
            Issue.record("a stalled body completed")
        } catch let error as TransportError {
            #expect(error == .timedOut(url: server.base + "/body", seconds: 1))
            #expect(error.isTransient)
        }
        #expect(log.total == 256 << 10, "what arrived before the stall was delivered")
    }

    @Test("the timeout is an idle timeout: a body that keeps flowing may take longer than it")
    func trickle() async throws {
        // 20 blocks 0.2 s apart: 4 s in all, never more than 0.2 s without a byte, and 5 KiB a
        // second, above the floor of 1 KiB a second.
        let server = try BodyServer(BodyServer.Plan(bytes: 20 * 1024, gap: 0.2, blockSize: 1024))
        defer { server.shutdown() }
        let log = ChunkLog()
        let response = try await URLSessionTransport().stream(Self.get(server.base, timeout: 2)) { log.take($0) }
        #expect(response.status == 200)
        #expect(log.bytes == expectedBody(20 * 1024))
    }

    @Test("a body that drips (16 bytes every 50 ms, 320 bytes a second) ends as too slow, not after 3 minutes")
    func slowDrip() async throws {
        // How soon it ends is not asserted: the watchdog is a task, which a full parallel test run
        // can keep from running for many seconds (without the rule it would never end it).
        let server = try BodyServer(BodyServer.Plan(bytes: 64 * 1024, gap: 0.05, blockSize: 16))
        defer { server.shutdown() }
        let log = ChunkLog()
        do {
            _ = try await URLSessionTransport().stream(Self.get(server.base, timeout: 1)) { log.take($0) }
            Issue.record("a drip of 64 KiB at 320 bytes a second completed")
        } catch let error as TransportError {
            #expect(error == .tooSlow(url: server.base + "/body", bytesPerSecond: 1024, seconds: 1))
            #expect(error.isTransient)
            #expect(error.description.contains("slowed to a trickle (under 1024 bytes a second for 1 s)"), "\(error)")
        }
        #expect(log.total > 0, "the drip was flowing")
        #expect(log.total < 64 * 1024, "ended before the body was whole")
        #expect(log.bytes == Array(expectedBody(64 * 1024).prefix(log.total)), "what arrived was delivered in order")
    }

    @Test("an API answer that drips is ended by send's overall deadline")
    func slowDripSend() async throws {
        let server = try BodyServer(BodyServer.Plan(bytes: 4096, gap: 0.05, blockSize: 16))
        defer { server.shutdown() }
        do {
            let response = try await URLSessionTransport().send(Self.get(server.base, timeout: 1))
            Issue.record("a dripping answer completed: \(response.status), \(response.body.count) bytes")
        } catch let error as TransportError {
            #expect(error == .timedOut(url: server.base + "/body", seconds: 1))
            #expect(error.isTransient)
        }
    }

    @Test("cancelling the calling task cancels the transfer")
    func cancelled() async throws {
        let server = try BodyServer(BodyServer.Plan(bytes: 4 << 20, stallAfter: 64 << 10))
        defer { server.shutdown() }
        let log = ChunkLog(keepBytes: false)
        let transfer = Task {
            try await URLSessionTransport().stream(Self.get(server.base, timeout: 60)) { log.take($0) }
        }
        while log.total < 64 << 10 { try await Task.sleep(nanoseconds: 5_000_000) }
        transfer.cancel()
        do {
            _ = try await transfer.value
            Issue.record("a cancelled transfer completed")
        } catch {
            #expect(error is CancellationError, "\(error)")
        }
    }
}
