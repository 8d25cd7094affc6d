import Essentials
import Foundation

/// Measures the transform end to end on a generated export file: read, parse, strip, remap,
/// check each field against the destination's schema, canonical write, sort by externalId (on
/// disk when over the memory budget), write, and hash the input and the output.
public struct TransformBenchmark: Sendable {
    /// The figures of a run.
    public struct Result: Sendable {
        public var records: Int
        public var inputBytes: Int
        public var generateSeconds: Double
        public var transformSeconds: Double
        public var outputRecords: Int
        public var spilledRuns: Int
        public var unmappedRecords: Int
        /// Records transformed straight from their bytes (the rest took the general path).
        public var fastPathRecords: Int
        /// Peak resident memory of the process, in bytes (VmHWM); includes generating the input.
        public var peakResidentBytes: Int?
        /// CPU seconds the process used during the transform (every thread, not the generation).
        public var cpuSeconds: Double = 0
        public var recordsPerSecond: Double { transformSeconds > 0 ? Double(records) / transformSeconds : 0 }
        public var megabytesPerSecond: Double { transformSeconds > 0 ? Double(inputBytes) / transformSeconds / 1_000_000 : 0 }
    }

    public var records: Int
    public var memoryBudget: Int
    public var folder: String

    public init(records: Int, memoryBudget: Int = 256 << 20, folder: String) {
        self.records = records
        self.memoryBudget = memoryBudget
        self.folder = folder
    }

    /// Generates the input in `folder`, transforms it, and removes both files afterwards.
    public func run() throws -> Result {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let input = folder + "/bench-export.jsonl", output = folder + "/bench-transformed.jsonl"
        defer {
            for path in [input, output, folder + "/bench-transformed.rejects.jsonl"] { try? FileManager.default.removeItem(atPath: path) }
        }
        var clock = Stopwatch()
        let generated = try SyntheticExport.write(records: records, to: input)
        let generateSeconds = clock.lap()
        // As in a real run, the destination's schema is checked field by field (here it knows
        // every field, so none is dropped).
        let rules = TransformRules(
            sourceOrgId: generated.sourceOrgId, mapping: generated.mapping, destinationFields: generated.fields, fallbackWrapupCode: nil)
        let files = WindowTransform.Files(input: input, output: output, rejects: folder + "/bench-transformed.rejects.jsonl", temporaryFolder: folder)
        _ = clock.lap()
        let cpuBefore = ProcessCPUTime.seconds()
        let result = try WindowTransform(rules: rules, policy: .skipRecord, memoryBudget: memoryBudget).run(files)
        let seconds = clock.lap()
        let cpuSeconds = ProcessCPUTime.seconds() - cpuBefore
        return Result(records: records, inputBytes: generated.bytes, generateSeconds: generateSeconds, transformSeconds: seconds,
                      outputRecords: result.outputRecords, spilledRuns: result.spilledRuns, unmappedRecords: result.unmappedRecords,
                      fastPathRecords: result.fastPathRecords,
                      peakResidentBytes: ProcessMemory.peakResidentBytes(), cpuSeconds: cpuSeconds)
    }
}
