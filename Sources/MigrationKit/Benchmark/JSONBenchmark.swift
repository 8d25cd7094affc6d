import Dispatch
import Essentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Measures the JSON core on generated interaction records: parse, canonical serialise, SHA-256,
/// and the three together as the import phase uses them.
public struct JSONBenchmark: Sendable {
    /// The figures of one stage.
    public struct Stage: Sendable {
        public var name: String
        public var records: Int
        /// Bytes of input the stage consumed.
        public var bytes: Int
        public var seconds: Double
        /// CPU seconds the process used during the stage (every thread), when measured.
        public var cpuSeconds: Double? = nil
        public var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds / 1_000_000 : 0 }
    }

    /// All figures of a run.
    public struct Result: Sendable {
        public var records: Int
        public var inputBytes: Int
        public var stages: [Stage]
        /// Peak resident set size of the process (VmHWM), in bytes, when /proc tells it.
        public var peakResidentBytes: Int?
        /// A digest over every record's canonical form, so runs can be compared for sameness.
        public var digest: String
    }

    public var records: Int
    public var seed: UInt64

    public init(records: Int, seed: UInt64 = 42) {
        self.records = records
        self.seed = seed
    }

    /// The import phase's inner loop: each record parsed and appended in canonical form to its
    /// chunk's body, whose hash is updated while the new bytes are still in cache.
    private static func parseCanonicalHash(_ input: [UInt8], _ lineRanges: ArraySlice<Range<Int>>) throws {
        var parser = JSONParser()
        var writer = JSONWriter(style: .canonical)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(2_000_000)
        var hasher = SHA256()
        var inChunk = 0
        try input.withUnsafeBytes { all in
            for range in lineRanges {
                let value = try parser.parse(UnsafeRawBufferPointer(rebasing: all[range]))
                let start = chunk.count
                try writer.append(value, to: &chunk)
                chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[start...])) }
                inChunk += 1
                if inChunk == 1000 {
                    _ = hasher.finalize()
                    hasher = SHA256()
                    chunk.removeAll(keepingCapacity: true)
                    inChunk = 0
                }
            }
        }
        if inChunk > 0 { _ = hasher.finalize() }
    }

    private static func processorCount() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Runs every stage once, in order, and returns the figures.
    public func run() throws -> Result {
        let input = SampleInteractions.jsonLines(count: records, seed: seed)
        var lineRanges: [Range<Int>] = []
        lineRanges.reserveCapacity(records)
        var lineStart = 0
        for (i, byte) in input.enumerated() where byte == UInt8(ascii: "\n") {
            lineRanges.append(lineStart..<i)
            lineStart = i + 1
        }

        // Stages one by one, a chunk of 1,000 records at a time so that memory stays bounded:
        // parse the chunk, write it canonical, hash it; each stage's time is summed over chunks.
        var parser = JSONParser()
        var writer = JSONWriter(style: .canonical)
        var parseTime = 0.0, canonicalTime = 0.0, hashTime = 0.0
        var canonicalBytes = 0
        var parsed: [JSONValue] = []
        parsed.reserveCapacity(1000)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(2_000_000)
        var hasher = SHA256()
        try input.withUnsafeBytes { all in
            var clock = Stopwatch()
            for chunkStart in stride(from: 0, to: lineRanges.count, by: 1000) {
                let chunkRanges = lineRanges[chunkStart..<min(chunkStart + 1000, lineRanges.count)]
                _ = clock.lap()
                for range in chunkRanges {
                    parsed.append(try parser.parse(UnsafeRawBufferPointer(rebasing: all[range])))
                }
                parseTime += clock.lap()
                for value in parsed { try writer.append(value, to: &chunk) }
                canonicalTime += clock.lap()
                chunk.withUnsafeBytes { hasher.update($0) }
                hashTime += clock.lap()
                canonicalBytes += chunk.count
                chunk.removeAll(keepingCapacity: true)
                parsed.removeAll(keepingCapacity: true)
            }
        }
        let digest = hasher.finalize()
        var stages = [
            Stage(name: "parse", records: records, bytes: input.count, seconds: parseTime),
            Stage(name: "canonical serialise", records: records, bytes: canonicalBytes, seconds: canonicalTime),
            Stage(name: "SHA-256", records: records, bytes: canonicalBytes, seconds: hashTime),
        ]

        // All three per record, as the import phase does: parse, append canonical, hash per chunk.
        var clock = Stopwatch()
        let cpuBefore = ProcessCPUTime.seconds()
        try Self.parseCanonicalHash(input, lineRanges[...])
        stages.append(Stage(name: "parse + canonical + SHA-256", records: records, bytes: input.count, seconds: clock.lap(),
                            cpuSeconds: ProcessCPUTime.seconds() - cpuBefore))

        // The same on every core: each worker takes whole chunks, as chunk hashes are independent.
        let workers = max(1, min(Self.processorCount(), 8))
        if workers > 1 {
            let perWorker = (lineRanges.count / 1000 + workers - 1) / workers * 1000
            let failure = Mutex<(any Error)?>(nil)
            let ranges = lineRanges
            _ = clock.lap()
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let slice = ranges[min(worker * perWorker, ranges.count)..<min((worker + 1) * perWorker, ranges.count)]
                do { try Self.parseCanonicalHash(input, slice) } catch { failure.withLock { $0 = $0 ?? error } }
            }
            let seconds = clock.lap()
            if let error = failure.withLock({ $0 }) { throw error }
            stages.append(Stage(name: "parse + canonical + SHA-256 on \(workers) cores", records: records, bytes: input.count, seconds: seconds))
        }

        return Result(records: records, inputBytes: input.count, stages: stages,
                      peakResidentBytes: ProcessMemory.peakResidentBytes(), digest: digest.hex)
    }
}
