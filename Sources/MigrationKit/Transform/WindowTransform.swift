import Dispatch
import Essentials
import Foundation
import Synchronization

/// Transforms one window file of exported records (JSON Lines) into import-ready records: one
/// canonical JSON record per line, sorted by `externalId`, so that the same inputs give
/// byte-identical outputs and chunks hash the same on every run.
///
/// Records that can't be carried over are never dropped in silence: invalid lines and (with
/// ``UnmappedPolicy/skipRecord``) records with unmapped references go to the rejects file with
/// their line and reason; with ``UnmappedPolicy/fail`` the whole input is still read, the
/// unmapped references are reported, and no output is left for the window.
public struct WindowTransform: Sendable {
    /// Where one window's files are.
    public struct Files: Sendable {
        public var input: String
        public var output: String
        public var rejects: String
        /// A folder for the sorter's runs when the window is larger than the memory budget.
        public var temporaryFolder: String

        public init(input: String, output: String, rejects: String, temporaryFolder: String) {
            self.input = input
            self.output = output
            self.rejects = rejects
            self.temporaryFolder = temporaryFolder
        }
    }

    /// What a window's transform did.
    public struct Result: Sendable {
        public var inputRecords = 0
        public var outputRecords = 0
        /// Invalid lines (bad JSON, not an object, a required field missing).
        public var invalidRecords = 0
        /// Records with unmapped references (rejected with `skip-record`, blocking with `fail`).
        public var unmappedRecords = 0
        public var unmapped = UnmappedReport()
        public var drift = SchemaDriftReport()
        /// SHA-256 of the input file's bytes.
        public var inputSHA256 = ""
        /// SHA-256 of the output file's bytes; nil when no output was written.
        public var outputSHA256: String?
        public var spilledRuns = 0
        /// Records transformed on the fast path (straight from their bytes, see ``RecordRewriter``);
        /// the others took the general path (parse, transform, write).
        public var fastPathRecords = 0

        /// Unmapped references per kind (distinct references, not records).
        public var unmappedByKind: [MappingKind: Int] {
            var counts: [MappingKind: Int] = [:]
            for entry in unmapped.entries { counts[entry.kind, default: 0] += 1 }
            return counts
        }
    }

    public var rules: TransformRules
    public var policy: UnmappedPolicy
    public var memoryBudget: Int
    /// Worker threads for the records' transform and canonical writing (the reading, sorting and
    /// writing stay on one thread, in input order).
    public var workers: Int

    public init(rules: TransformRules, policy: UnmappedPolicy, memoryBudget: Int = 256 << 20, workers: Int = 2) {
        self.rules = rules
        self.policy = policy
        self.memoryBudget = memoryBudget
        self.workers = max(1, workers)
    }

    /// The outcome of one input line, made on a worker thread.
    private enum LineOutcome: Sendable {
        /// The record's sort key (its externalId after the source org's prefix) and canonical
        /// form, as ranges of its part's buffer.
        case transformed(key: Range<Int>, line: Range<Int>, dropped: [String])
        case unmapped(sourceId: String, references: [UnmappedReference])
        case invalid(reason: String)
    }

    /// Lines read from the input, packed in one buffer (one allocation per batch, not per line).
    private struct Batch: Sendable {
        var bytes: [UInt8] = []
        var lines: [(number: Int, range: Range<Int>)] = []
    }

    /// What a worker made of its part of a batch: every record's key and canonical bytes packed in
    /// one buffer, so that nothing allocated per record on a worker is freed on another thread.
    private struct PartResult: Sendable {
        var buffer: [UInt8] = []
        var outcomes: [LineOutcome] = []
        var fastPathRecords = 0
    }

    /// Runs the window. Throws only for I/O problems; problems with records are in the result.
    ///
    /// Batches of lines flow through three steps: this thread reads, the workers transform
    /// (``RecordRewriter`` where it can, else parse, ``RecordTransformer`` and canonical write),
    /// and this thread hands the results to the sorter in input order. While the workers process
    /// one batch, this thread takes in the previous batch's results and reads the next. The
    /// input's hash is taken on a thread of its own, the output's while it is written.
    public func run(_ files: Files) throws -> Result {
        var result = Result()
        let sorter = try ExternalSorter(memoryBudget: Self.sorterBudget(memoryBudget), temporaryFolder: files.temporaryFolder)
        var rejects: [UInt8] = []
        // Opened before the reader, so that both see the same file even if it is replaced meanwhile.
        let hashDescriptor = open(files.input, O_RDONLY | O_CLOEXEC)
        guard hashDescriptor >= 0 else { throw FileError.cannotOpen(path: files.input, errno: errno) }
        defer { close(hashDescriptor) }
        let reader = try JSONLineReader(path: files.input)
        // The input's hash is taken from the start on a thread of low priority (nice 10). While the
        // workers parse it gets about a tenth of the CPU, and the rest once they are done; so it
        // ends about when the output's hash does, instead of taking a share from the workers (at
        // nice 0) or running alone at the end (at nice 19). Nice 2 to 19 were measured; 8 to 12
        // were best.
        let inputHash = Mutex<Swift.Result<String, any Error>?>(nil)
        // Set when the transform fails: its input's hash is no longer needed.
        let stopHashing = Atomic<Bool>(false)
        let hashed = DispatchSemaphore(value: 0)
        let hashThread = Thread {
            #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)  // On Linux: this thread only.
            #endif
            let digest = Swift.Result {
                try SHA256.hash(readingFrom: hashDescriptor, path: files.input) { stopHashing.load(ordering: .relaxed) }.hex
            }
            inputHash.withLock { $0 = digest }
            hashed.signal()
        }
        hashThread.start()
        defer {
            if inputHash.withLock({ $0 == nil }) {
                stopHashing.store(true, ordering: .relaxed)
                hashed.wait()
            }
        }
        let transformer = RecordTransformer(rules: rules)

        var reading = Batch()
        reading.bytes.reserveCapacity(Self.batchSize * 1400)
        reading.lines.reserveCapacity(Self.batchSize)
        var inFlight: (batch: Batch, work: BatchWork)?

        func consume(_ batch: Batch, _ parts: [PartResult]) throws {
            var index = 0
            for part in parts {
                result.fastPathRecords += part.fastPathRecords
                try part.buffer.withUnsafeBytes { packed in
                    for outcome in part.outcomes {
                        let (lineNumber, range) = batch.lines[index]
                        index += 1
                        result.inputRecords += 1
                        switch outcome {
                        case .transformed(let key, let line, let dropped):
                            if !dropped.isEmpty { result.drift.add(dropped) }
                            try sorter.add(key: UnsafeRawBufferPointer(rebasing: packed[key]), line: UnsafeRawBufferPointer(rebasing: packed[line]))
                        case .unmapped(let sourceId, let references):
                            result.unmappedRecords += 1
                            result.unmapped.add(references, recordSourceId: sourceId)
                            if policy == .skipRecord {
                                let reason = references.map { "unmapped \($0.kind.singular) \($0.sourceId)\($0.sourceName.map { " (\($0))" } ?? "") at \($0.path)" }
                                    .joined(separator: "; ")
                                Self.appendReject(&rejects, file: files.input, line: lineNumber, reason: reason, record: Array(batch.bytes[range]))
                            }
                        case .invalid(let reason):
                            result.invalidRecords += 1
                            Self.appendReject(&rejects, file: files.input, line: lineNumber, reason: reason, record: Array(batch.bytes[range]))
                        }
                    }
                }
            }
        }
        /// Hands the batch being read to the workers, after taking in the one they had.
        func handOff() throws {
            let previous = inFlight
            inFlight = reading.lines.isEmpty ? nil : (reading, BatchWork(reading, transformer: transformer, workers: workers))
            reading = Batch()
            reading.bytes.reserveCapacity(Self.batchSize * 1400)
            reading.lines.reserveCapacity(Self.batchSize)
            if let previous { try consume(previous.batch, previous.work.wait()) }
        }
        do {
            try reader.forEachLine { line, number in
                let start = reading.bytes.count
                reading.bytes.append(contentsOf: line)
                reading.lines.append((number, start..<reading.bytes.count))
                if reading.lines.count == Self.batchSize { try handOff() }
            }
            try handOff()
            try handOff()
        } catch {
            _ = inFlight?.work.wait()
            throw error
        }

        if policy == .fail && !result.unmapped.isEmpty {
            // No transformed output is left behind for a window that can't be carried over whole.
            try? FileManager.default.removeItem(atPath: files.output)
        } else {
            let output = try AtomicFileOutput(path: files.output)
            let outputHash = BackgroundSHA256(maximumPendingBytes: 4 << 20)
            var block: [UInt8] = []
            block.reserveCapacity(1 << 20)
            var written = 0
            func flushBlock() throws {
                try block.withUnsafeBytes { bytes in
                    try output.write(bytes)
                    outputHash.update(bytes)
                }
                block.removeAll(keepingCapacity: true)
            }
            try sorter.finish { line in
                block.append(contentsOf: line)
                block.append(0x0A)
                written += 1
                if block.count >= 1 << 20 { try flushBlock() }
            }
            try flushBlock()
            try output.commit()
            result.outputRecords = written
            result.outputSHA256 = outputHash.finalize().hex
        }
        hashed.wait()
        result.inputSHA256 = try inputHash.withLock { $0! }.get()
        result.spilledRuns = sorter.spilledRunCount
        if rejects.isEmpty {
            try? FileManager.default.removeItem(atPath: files.rejects)
        } else {
            try AtomicFileWriter.write(rejects, to: files.rejects)
        }
        return result
    }

    private static let batchSize = 4096

    /// The part of the memory budget the sorter may hold; the rest covers the batches being read
    /// and processed (two of 4,096 records with their parsed and canonical forms), the background
    /// hashes and the sorter's merge buffers, so that the whole transform stays near the budget.
    static func sorterBudget(_ budget: Int) -> Int {
        max(budget - (48 << 20), budget / 2)
    }


    /// One batch being processed on worker threads.
    private final class BatchWork: Sendable {
        private let group = DispatchGroup()
        private let parts: Mutex<[PartResult]>

        init(_ batch: Batch, transformer: RecordTransformer, workers: Int) {
            // More parts than workers, so that one slow part leaves a core idle only briefly.
            let count = min(workers * 4, max(1, batch.lines.count / 256))
            let size = (batch.lines.count + count - 1) / count
            parts = Mutex(Array(repeating: PartResult(), count: count))
            for part in 0..<count {
                let range = (part * size)..<min((part + 1) * size, batch.lines.count)
                DispatchQueue.global().async(group: group) { [self] in
                    let made = WindowTransform.process(batch, range, transformer: transformer)
                    parts.withLock { $0[part] = made }
                }
            }
        }

        func wait() -> [PartResult] {
            group.wait()
            return parts.withLock { $0 }
        }
    }

    /// Transforms the lines `range` of a batch: on the fast path when it can (``RecordRewriter``),
    /// else parsed, transformed and written canonically.
    private static func process(_ batch: Batch, _ range: Range<Int>, transformer: RecordTransformer) -> PartResult {
        var rewriter = RecordRewriter(transformer: transformer)
        var parser = JSONParser()
        parser.skippedTopLevelKeys = RecordTransformer.droppedWhileReading
        var writer = JSONWriter(style: .canonical)
        var part = PartResult()
        part.outcomes.reserveCapacity(range.count)
        part.buffer.reserveCapacity(range.count * 1200)
        batch.bytes.withUnsafeBytes { all in
            for i in range {
                let line = UnsafeRawBufferPointer(rebasing: all[batch.lines[i].range])
                if let rewritten = rewriter.rewrite(line, into: &part.buffer) {
                    part.outcomes.append(.transformed(key: rewritten.sortKey, line: rewritten.line, dropped: rewritten.droppedFields))
                    part.fastPathRecords += 1
                    continue
                }
                let value: JSONValue
                do {
                    value = try parser.parse(line)
                } catch {
                    part.outcomes.append(.invalid(reason: "\(error)"))
                    continue
                }
                switch transformer.transform(consume value) {
                case .transformed(let record, let externalId, let dropped):
                    // Every externalId of the window starts with the same "<source org id>:", so
                    // the rest orders the records as the whole does, and sorts faster.
                    let keyStart = part.buffer.count
                    var externalId = externalId
                    externalId.withUTF8 { part.buffer.append(contentsOf: $0[transformer.externalIdPrefixLength...]) }
                    let lineStart = part.buffer.count
                    do {
                        try writer.append(record, to: &part.buffer)
                        part.outcomes.append(.transformed(key: keyStart..<lineStart, line: lineStart..<part.buffer.count, dropped: dropped))
                    } catch {
                        part.buffer.removeSubrange(keyStart...)
                        part.outcomes.append(.invalid(reason: "\(error)"))
                    }
                case .unmapped(let sourceId, let references):
                    part.outcomes.append(.unmapped(sourceId: sourceId, references: references))
                case .invalid(let reason):
                    part.outcomes.append(.invalid(reason: reason))
                }
            }
        }
        return part
    }

    /// A rejects line: `{"file":...,"line":N,"reason":...,"record":<the record, or its text>}`.
    private static func appendReject(_ out: inout [UInt8], file: String, line: Int, reason: String, record: [UInt8]) {
        let original = (try? JSONParser.parse(record)) ?? .string(String(decoding: record, as: UTF8.self))
        let value = JSONValue.object(JSONObject([("file", .string(file)), ("line", .int(Int64(line))),
                                                 ("reason", .string(reason)), ("record", original)]))
        try? JSONWriter.append(value, style: .compact, to: &out)
        out.append(0x0A)
    }
}
