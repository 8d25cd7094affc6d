import Essentials
import Foundation
import Testing

@testable import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

@Suite("External sorter")
struct ExternalSorterTests {
    /// One record to sort: a key and the line bytes that go with it.
    struct Record {
        var key: String
        var line: [UInt8]
    }

    /// What one sort produced.
    struct Outcome {
        var lines: [[UInt8]]
        var spilledRuns: Int
        var records: Int
        var runFolder: String
    }

    /// Keys with duplicates, shared prefixes, an empty key, NUL bytes (which look like the padding
    /// of a short key's eight-byte head), keys equal in their first eight bytes, and non-ASCII text
    /// whose UTF-8 order differs from its UTF-16 order ("\u{FF5E}" < "\u{1F600}" in UTF-8 and the
    /// reverse in UTF-16).
    static let specialKeys = ["", "a", "ab", "abc", "a\u{0}", "a\u{0}\u{0}b", "\u{0}", "abcdefgh", "abcdefgh\u{0}", "abcdefghi", "abcdefg", "é", "e\u{301}", "日本", "\u{FF5E}", "\u{1F600}", "Z", "org:1", "org:10", "org:2"]

    /// `count` seeded records of lengths 0 to `maximumLine`, about a third sharing a key.
    static func records(count: Int, seed: UInt64, maximumLine: Int = 600) -> [Record] {
        var generator = SeededGenerator(seed: seed)
        var records: [Record] = []
        records.reserveCapacity(count)
        for index in 0..<count {
            let key: String
            switch generator.next() % 3 {
            case 0: key = specialKeys[Int(generator.next() % UInt64(specialKeys.count))]
            case 1: key = "source-org:\(generator.next() % 50)"
            default: key = "source-org:" + generator.uuidString() + (index % 7 == 0 ? "-ü" : "")
            }
            let length = Int(generator.next() % UInt64(maximumLine + 1))
            // Mostly a handful of letters so that equal-key lines often share prefixes; some high bytes.
            let line = (0..<length).map { _ in
                generator.next() % 10 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : UInt8(ascii: "a") + UInt8(generator.next() % 3)
            }
            records.append(Record(key: key, line: line))
        }
        return records
    }

    /// The expected output, computed without the sorter: key bytes, then line bytes, as unsigned
    /// bytes compare.
    static func reference(_ records: [Record]) -> [[UInt8]] {
        records.map { (key: Array($0.key.utf8), line: $0.line) }
            .sorted { a, b in
                a.key != b.key ? a.key.lexicographicallyPrecedes(b.key) : a.line.lexicographicallyPrecedes(b.line)
            }
            .map(\.line)
    }

    /// The first position where `a` and `b` differ (a shorter list differs at its end), or `nil`
    /// when they are equal: a readable failure instead of two dumps of thousands of lines.
    static func firstDifference(_ a: [[UInt8]], _ b: [[UInt8]]) -> Int? {
        if let index = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset { return index }
        return a.count == b.count ? nil : min(a.count, b.count)
    }

    static func sort(
        _ records: [Record], budget: Int, fanIn: Int = ExternalSorter.defaultMergeFanIn, in folder: String
    ) throws -> Outcome {
        let sorter = try ExternalSorter(memoryBudget: budget, temporaryFolder: folder, mergeFanIn: fanIn)
        for record in records {
            try record.line.withUnsafeBytes { try sorter.add(key: record.key, line: $0) }
        }
        var lines: [[UInt8]] = []
        try sorter.finish { lines.append(Array($0)) }
        return Outcome(lines: lines, spilledRuns: sorter.spilledRunCount, records: sorter.recordCount, runFolder: sorter.runFolder)
    }

    static func withFolder<Result>(_ body: (String) throws -> Result) throws -> Result {
        let folder = "/tmp/external-sorter-tests-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(folder)
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    @Test("a tiny budget spills many runs, merges in several passes, and gives the in-memory order")
    func tinyBudget() throws {
        try Self.withFolder { folder in
            let records = Self.records(count: 3_000, seed: 1)
            let expected = Self.reference(records)
            let spilled = try Self.sort(records, budget: 4_096, in: folder)
            #expect(spilled.spilledRuns > ExternalSorter.defaultMergeFanIn)
            #expect(spilled.records == 3_000)
            #expect(Self.firstDifference(spilled.lines, expected) == nil)
            let inMemory = try Self.sort(records, budget: 256 * 1024 * 1024, in: folder)
            #expect(inMemory.spilledRuns == 0)
            #expect(Self.firstDifference(inMemory.lines, spilled.lines) == nil)
            #expect(!Self.exists(spilled.runFolder))
            #expect(!Self.exists(inMemory.runFolder))
            // Nothing is left in the temporary folder.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        }
    }

    @Test("the output does not depend on the budget, the merge fan-in or the input order", arguments: [
        (budget: 1_024, fanIn: 2), (budget: 16 * 1024, fanIn: 3), (budget: 64 * 1024, fanIn: 64),
    ])
    func budgetsAndFanIns(budget: Int, fanIn: Int) throws {
        try Self.withFolder { folder in
            var records = Self.records(count: 1_500, seed: 2)
            let expected = Self.reference(records)
            let first = try Self.sort(records, budget: budget, fanIn: fanIn, in: folder)
            #expect(first.spilledRuns > 1)
            #expect(Self.firstDifference(first.lines, expected) == nil)
            var generator = SeededGenerator(seed: 3)
            records.shuffle(using: &generator)
            #expect(Self.firstDifference(try Self.sort(records, budget: budget, fanIn: fanIn, in: folder).lines, expected) == nil)
        }
    }

    @Test("every line of a duplicated key is emitted, ordered by its bytes")
    func duplicateKeys() throws {
        try Self.withFolder { folder in
            // Lines in descending order under one key: quicksort's bad case for a naive pivot.
            let records = (0..<5_000).reversed().map { Record(key: "same", line: Array(String($0 / 2).utf8)) }
            for budget in [2_048, 1 << 24] {
                let outcome = try Self.sort(records, budget: budget, in: folder)
                #expect(outcome.lines.count == 5_000)
                #expect(Self.firstDifference(outcome.lines, Self.reference(records)) == nil)
            }
        }
    }

    @Test("records larger than the budget are held alone and still sorted")
    func oversizedRecords() throws {
        try Self.withFolder { folder in
            let records = Self.records(count: 200, seed: 4, maximumLine: 3_000)
            let outcome = try Self.sort(records, budget: 512, in: folder)
            #expect(outcome.spilledRuns > 100)
            #expect(Self.firstDifference(outcome.lines, Self.reference(records)) == nil)
        }
    }

    @Test("no records: nothing emitted, nothing spilled, the folder removed")
    func emptyInput() throws {
        try Self.withFolder { folder in
            let outcome = try Self.sort([], budget: 1_024, in: folder)
            #expect(outcome.lines.isEmpty)
            #expect(outcome.spilledRuns == 0)
            #expect(outcome.records == 0)
            #expect(!Self.exists(outcome.runFolder))
        }
    }

    @Test("one record, including an empty line, comes back as it went in")
    func oneRecord() throws {
        try Self.withFolder { folder in
            for line in [Array("{\"externalId\":\"o:1\"}".utf8), []] {
                let outcome = try Self.sort([Record(key: "o:1", line: line)], budget: 1_024, in: folder)
                #expect(outcome.lines == [line])
                #expect(outcome.spilledRuns == 0)
            }
        }
    }

    @Test("the run folder is private while in use and removed when an unfinished sorter is released")
    func releaseRemovesRuns() throws {
        try Self.withFolder { folder in
            var runFolder = ""
            do {
                let sorter = try ExternalSorter(memoryBudget: 1_024, temporaryFolder: folder)
                runFolder = sorter.runFolder
                for record in Self.records(count: 300, seed: 5) {
                    try record.line.withUnsafeBytes { try sorter.add(key: record.key, line: $0) }
                }
                #expect(sorter.spilledRunCount > 10)
                var status = stat()
                #expect(stat(runFolder, &status) == 0 && status.st_mode & 0o7777 == 0o700)
                #expect(try FileManager.default.contentsOfDirectory(atPath: runFolder).count == sorter.spilledRunCount)
            }
            #expect(!runFolder.isEmpty)
            #expect(!Self.exists(runFolder))
        }
    }

    struct EmitFailure: Error {}

    @Test("an error thrown by emit stops the merge, is rethrown, and the runs are removed")
    func emitErrorRemovesRuns() throws {
        try Self.withFolder { folder in
            let sorter = try ExternalSorter(memoryBudget: 1_024, temporaryFolder: folder)
            for record in Self.records(count: 300, seed: 6) {
                try record.line.withUnsafeBytes { try sorter.add(key: record.key, line: $0) }
            }
            #expect(sorter.spilledRunCount > 0)
            var emitted = 0
            #expect(throws: EmitFailure.self) {
                try sorter.finish { _ in
                    emitted += 1
                    if emitted == 10 { throw EmitFailure() }
                }
            }
            #expect(emitted == 10)
            #expect(!Self.exists(sorter.runFolder))
        }
    }

    @Test("a run file cut short is reported as truncated, naming it")
    func truncatedRun() throws {
        try Self.withFolder { folder in
            let sorter = try ExternalSorter(memoryBudget: 1_024, temporaryFolder: folder)
            for record in Self.records(count: 100, seed: 7) {
                try record.line.withUnsafeBytes { try sorter.add(key: record.key, line: $0) }
            }
            let run = sorter.runFolder + "/run-0"
            let size = try #require(FileManager.default.attributesOfItem(atPath: run)[.size] as? Int)
            #expect(truncate(run, off_t(size - 3)) == 0)
            #expect(throws: ExternalSortError.truncatedRun(path: run)) {
                try sorter.finish { _ in }
            }
            #expect(!Self.exists(sorter.runFolder))
        }
    }

    @Test("a temporary folder that is a file is refused with a message to act on")
    func folderIsAFile() throws {
        try Self.withFolder { folder in
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let file = folder + "/plain-file"
            _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
            #expect(throws: ExternalSortError.cannotCreateFolder(path: file, errno: ENOTDIR)) {
                _ = try ExternalSorter(memoryBudget: 1_024, temporaryFolder: file)
            }
            let description = ExternalSortError.cannotCreateFolder(path: file, errno: ENOTDIR).description
            #expect(description.hasPrefix("cannot create the sort folder \(file): not a directory; check that \(folder)"))
        }
    }

    @Test("error descriptions name the file and say what to do")
    func descriptions() {
        let write = ExternalSortError.cannotWriteRun(path: "/tmp/w/sort-1/run-3", errno: ENOSPC)
        #expect(write.description == "cannot write the sort run /tmp/w/sort-1/run-3: no space left on device; free disk space in /tmp/w/sort-1 or set --memory-budget higher so that less is written to disk")
        for error: ExternalSortError in [
            write, .cannotReadRun(path: "/r", errno: EIO), .truncatedRun(path: "/t"),
            .cannotReserveMemory(bytes: 10, errno: ENOMEM), .recordTooLarge(bytes: 1 << 33),
            .cannotCreateFolder(path: "f", errno: EACCES),
        ] {
            #expect(error.description.first?.isLowercase == true)
            #expect(!error.description.hasSuffix("."))
        }
    }
}
