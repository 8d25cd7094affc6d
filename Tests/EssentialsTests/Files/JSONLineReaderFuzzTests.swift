import Essentials
import Foundation
import Testing

/// Mutated JSON Lines files through ``JSONLineReader`` and the parser (issue 13): every non-blank
/// line is delivered once with its line number, each parses or throws a ``JSONParseError``, and an
/// over-long line is a ``FileError/lineTooLong``; never a trap or a hang.
@Suite("JSON Lines reader fuzzing")
struct JSONLineReaderFuzzTests {
    static let settings = JSONMutator.Settings(defaultIterations: 400, defaultSeed: 13,
                                               environment: ProcessInfo.processInfo.environment)

    /// The lines a JSON Lines reader must deliver for `bytes`, worked out independently: split at
    /// "\n", drop one "\r" before it, skip lines of only spaces, tabs and "\r".
    static func expectedLines(_ bytes: [UInt8]) -> [(number: Int, bytes: [UInt8])] {
        var lines: [(number: Int, bytes: [UInt8])] = []
        for (index, raw) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var line = Array(raw)
            if line.last == 0x0D { line.removeLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            lines.append((index + 1, line))
        }
        return lines
    }

    @Test("mutated files: each non-blank line once, parsed or refused with a JSONParseError")
    func mutatedFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jlf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var file: [UInt8] = []
        for index in 0..<12 {
            file += JSONFuzzTests.records[index % JSONFuzzTests.records.count]
            file += index % 4 == 3 ? [0x0D, 0x0A] : [0x0A]
        }
        var mutator = JSONMutator(seed: Self.settings.seed)
        var refusedLines = 0, tooLong = 0
        for iteration in 0..<Self.settings.iterations {
            // Mutations anywhere in the file: inside records and across line ends.
            var bytes = file
            for _ in 0..<(1 + iteration % 4) { bytes = mutator.mutate(bytes) }
            let path = folder + "/window-\(iteration % 8).jsonl"
            try AtomicFileWriter.write(bytes, to: path)
            // A small limit on some runs, so over-long lines are met too.
            let limit = iteration % 5 == 4 ? 900 : JSONLineReader.defaultMaximumLineLength
            let expected = Self.expectedLines(bytes)
            var delivered: [(number: Int, bytes: [UInt8])] = []
            do {
                try JSONLineReader(path: path, maximumLineLength: limit).forEachLine { line, number in
                    delivered.append((number, Array(line)))
                    do {
                        _ = try JSONParser.parse(line)
                    } catch is JSONParseError {
                        refusedLines += 1
                    }
                }
            } catch let error as FileError {
                guard case .lineTooLong(_, let line, _) = error else { throw error }
                tooLong += 1
                #expect(expected.first { $0.bytes.count > limit }?.number == line, "iteration \(iteration): \(error)")
                // Everything before the long line was delivered as expected.
                let before = expected.prefix { $0.bytes.count <= limit }
                #expect(delivered.map(\.number) == before.map(\.number), "iteration \(iteration)")
                continue
            }
            #expect(!expected.contains { $0.bytes.count > limit }, "iteration \(iteration): a line over the limit was accepted")
            #expect(delivered.map(\.number) == expected.map(\.number), "iteration \(iteration): other lines than expected")
            #expect(delivered.map(\.bytes) == expected.map(\.bytes), "iteration \(iteration): other bytes than expected")
        }
        if Self.settings.iterations >= 100 {
            #expect(refusedLines > 0)
            #expect(tooLong > 0)
        }
    }
}
