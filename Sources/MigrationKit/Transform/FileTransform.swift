import Essentials
import Foundation

/// The transform on files alone (`transform --in/--out`), with no migration and no org access:
/// one input file, its output, `<out>.rejects.jsonl` beside it and, when there are unmapped
/// references, `<out>.unmapped.json` and `.txt`.
public struct FileTransform: Sendable {
    public var input: String
    public var output: String
    public var mappingFile: String
    /// The source org's id, for `externalId`.
    public var sourceOrgId: String
    /// A JSON array of the destination's top-level fields, if records are to be cut down to them.
    public var fieldsFile: String?
    public var policy: UnmappedPolicy
    public var fallbackWrapupCode: String?
    public var memoryBudget: Int

    public init(input: String, output: String, mappingFile: String, sourceOrgId: String, fieldsFile: String? = nil,
                policy: UnmappedPolicy = .fail, fallbackWrapupCode: String? = nil, memoryBudget: Int = 256 << 20) {
        self.input = input
        self.output = output
        self.mappingFile = mappingFile
        self.sourceOrgId = sourceOrgId
        self.fieldsFile = fieldsFile
        self.policy = policy
        self.fallbackWrapupCode = fallbackWrapupCode
        self.memoryBudget = memoryBudget
    }

    /// The output's name without `.jsonl`: the other files' names start with it.
    public var base: String { output.hasSuffix(".jsonl") ? String(output.dropLast(6)) : output }

    /// Transforms the file and writes the reports; the summary has one window, named as the input.
    public func run() async throws -> TransformSummary {
        let mapping = try MappingFile.read(path: mappingFile)
        let fields = try fieldsFile.map(TransformInputs.schemaFields(fromFile:))
        let fallback = try fallbackWrapupCode.map { try TransformInputs.fallbackWrapupCode(named: $0, in: mapping) }
        guard FileManager.default.fileExists(atPath: input) else { throw FileError.cannotOpen(path: input, errno: ENOENT) }
        let rules = TransformRules(sourceOrgId: sourceOrgId, mapping: mapping, destinationFields: fields, fallbackWrapupCode: fallback)
        let folder = (output as NSString).deletingLastPathComponent
        let files = WindowTransform.Files(input: input, output: output, rejects: base + ".rejects.jsonl",
                                          temporaryFolder: folder.isEmpty ? "." : folder)
        var clock = Stopwatch()
        let result = try await WindowTransform(rules: rules, policy: policy, memoryBudget: memoryBudget).runOnOwnThread(files)
        let fingerprint = TransformFingerprint(inputSHA256: result.inputSHA256, mappingSHA256: "", policy: policy,
                                               fallbackWrapupCodeId: fallback?.id, destinationFields: fields)
        var summary = TransformSummary()
        summary.add(TransformWindowOutcome(window: input, state: TransformWindowState(fingerprint: fingerprint, result: result),
                                           skipped: false, seconds: clock.lap(), spilledRuns: result.spilledRuns))
        summary.rejectsLocation = files.rejects
        try summary.writeReports(base: base, mappingName: nil)
        return summary
    }
}
