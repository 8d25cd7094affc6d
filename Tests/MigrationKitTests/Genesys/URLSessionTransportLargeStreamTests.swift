import Essentials
import Foundation
import MigrationKit
import Synchronization
import Testing

/// Checks each chunk against ``BodyServer``'s body at its position, and samples the process's
/// resident memory as the body flows.
final class StreamVerifier: Sendable {
    private struct State: Sendable {
        var offset = 0
        var scratch = [UInt8](repeating: 0, count: 1 << 20)
        var mismatchAt: Int?
        var chunks = 0
        var largestResident = 0
        var nextSample = 0
    }

    private let state = Mutex(State())

    func take(_ chunk: UnsafeRawBufferPointer) {
        state.withLock { state in
            if state.scratch.count < chunk.count { state.scratch = [UInt8](repeating: 0, count: chunk.count) }
            BodyServer.fill(&state.scratch, offset: state.offset, count: chunk.count)
            let same = state.scratch.withUnsafeBytes { expected in
                memcmp(expected.baseAddress!, chunk.baseAddress!, chunk.count) == 0
            }
            if !same && state.mismatchAt == nil { state.mismatchAt = state.offset }
            state.offset += chunk.count
            state.chunks += 1
            if state.offset >= state.nextSample {
                state.nextSample = state.offset + (8 << 20)
                state.largestResident = max(state.largestResident, ProcessMemory.residentBytes() ?? 0)
            }
        }
    }

    var bytes: Int { state.withLock { $0.offset } }
    var chunks: Int { state.withLock { $0.chunks } }
    var mismatchAt: Int? { state.withLock { $0.mismatchAt } }
    var largestResident: Int { state.withLock { $0.largestResident } }
}

@Suite("URLSessionTransport.stream of a large body", .serialized)
struct URLSessionTransportLargeStreamTests {
    @Test("256 MB stream through a slow consumer in order, byte for byte, and resident memory stays flat")
    func largeBody() async throws {
        let size = 256 << 20
        #if DEBUG
        // Essentials.SHA256 runs at about 2 MB/s unoptimised: debug builds check every byte instead.
        let hashes = false
        #else
        let hashes = true
        #endif
        let server = try BodyServer(BodyServer.Plan(bytes: size, hashes: hashes))
        defer { server.shutdown() }
        let verifier = StreamVerifier()
        let hasher = Mutex(SHA256())
        let residentBefore = try #require(ProcessMemory.residentBytes())
        let peakBefore = try #require(ProcessMemory.peakResidentBytes())
        let stopwatch = Stopwatch()
        let response = try await URLSessionTransport().stream(
            TransportRequest(method: "GET", url: server.base + "/large", timeout: 30)) { chunk in
            verifier.take(chunk)
            if hashes { hasher.withLock { $0.update(chunk) } }
            // A consumer slower than loopback, as a disk may be: without backpressure the rest of
            // the body would pile up in memory (it grew by 240 MB of 256 in a trial without it).
            if verifier.chunks % 8 == 0 { usleep(1000) }
        }
        let seconds = stopwatch.elapsed
        let peakAfter = try #require(ProcessMemory.peakResidentBytes())
        #expect(response.status == 200)
        #expect(verifier.bytes == size)
        #expect(verifier.mismatchAt == nil, "the body differs from byte \(verifier.mismatchAt ?? -1)")
        if hashes {
            // The server notes its digest just after its last send; the client may be faster.
            for _ in 0..<500 where server.sentDigest == nil { try await Task.sleep(nanoseconds: 10_000_000) }
            let digest = hasher.withLock { $0 }.finalize()
            #expect(digest == server.sentDigest)
        }
        let growth = verifier.largestResident - residentBefore
        print("""
            stream of \(size >> 20) MB over loopback: \(Int(Double(size) / 1e6 / seconds)) MB/s in \(verifier.chunks) chunks; \
            resident \(residentBefore >> 20) MB before, at most \(verifier.largestResident >> 20) MB during; \
            peak \(peakBefore >> 20) MB before, \(peakAfter >> 20) MB after
            """)
        // Generous, half the body: other suites may be allocating at the same time. Alone the
        // growth is about 15 MB; without backpressure it was 240 MB.
        #expect(growth < 128 << 20, "resident memory grew by \(growth >> 20) MB while streaming \(size >> 20) MB")
    }
}
