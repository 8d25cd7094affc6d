import Essentials
import Foundation
import MigrationKit
import Testing

/// Mutated exports through the whole window transform (issue 13): it finishes with every line
/// counted (transformed, invalid or unmapped, each reject written with its line), or throws a
/// clear error; never a trap or a hang.
@Suite("Window transform fuzzing")
struct WindowTransformFuzzTests {
    static let settings = JSONMutator.Settings(defaultIterations: 25, defaultSeed: 613,
                                               environment: ProcessInfo.processInfo.environment)

    @Test("mutated window files: every line counted, rejects written, output canonical and sorted")
    func mutatedWindows() throws {
        let folder = try WindowTransformTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let generated = try EmulatorExport.write(records: 30, to: folder + "/clean.jsonl")
        let rules = TransformRules(sourceOrgId: generated.sourceOrgId, mapping: generated.mapping, destinationFields: nil,
                                   fallbackWrapupCode: nil)
        let clean = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/clean.jsonl")))
        var mutator = JSONMutator(seed: Self.settings.seed)
        var invalidSeen = 0
        for iteration in 0..<Self.settings.iterations {
            // Several mutations over the whole file: records and line ends alike.
            var bytes = clean
            for _ in 0..<(2 + iteration % 6) { bytes = mutator.mutate(bytes) }
            let files = WindowTransform.Files(input: folder + "/in.jsonl", output: folder + "/out.jsonl",
                                              rejects: folder + "/rejects.jsonl", temporaryFolder: folder)
            try AtomicFileWriter.write(bytes, to: files.input)
            try? FileManager.default.removeItem(atPath: files.output)
            try? FileManager.default.removeItem(atPath: files.rejects)
            let expectedLines = bytes.split(separator: 0x0A).filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }.count
            let result = try WindowTransform(rules: rules, policy: .skipRecord, workers: 2).run(files)
            #expect(result.inputRecords == expectedLines, "iteration \(iteration)")
            #expect(result.outputRecords + result.invalidRecords + result.unmappedRecords == result.inputRecords, "iteration \(iteration)")
            invalidSeen += result.invalidRecords
            let rejects = FileManager.default.fileExists(atPath: files.rejects)
                ? try WindowTransformTests.lines(files.rejects) : []
            #expect(rejects.count == result.invalidRecords + result.unmappedRecords, "iteration \(iteration)")
            #expect(rejects.allSatisfy { $0["line"]?.intValue != nil && $0["reason"]?.stringValue != nil }, "iteration \(iteration)")
            let output = FileManager.default.fileExists(atPath: files.output) ? try WindowTransformTests.lines(files.output) : []
            #expect(output.count == result.outputRecords, "iteration \(iteration)")
            let ids = output.compactMap { $0["externalId"]?.stringValue }
            #expect(ids == ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }, "iteration \(iteration)")
        }
        if Self.settings.iterations >= 10 { #expect(invalidSeen > 0) }
    }
}
