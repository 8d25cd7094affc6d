import Essentials
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("JSON Lines reader")
struct JSONLineReaderTests {
    /// Every line the reader delivers, as (text, line number).
    private func lines(of path: String, maximumLineLength: Int = JSONLineReader.defaultMaximumLineLength) throws -> [Line] {
        let reader = try JSONLineReader(path: path, maximumLineLength: maximumLineLength)
        var result: [Line] = []
        try reader.forEachLine { bytes, number in
            result.append(Line(text: String(decoding: bytes, as: UTF8.self), number: number))
        }
        return result
    }

    /// One delivered line, comparable in expectations.
    private struct Line: Equatable, CustomStringConvertible {
        var text: String
        var number: Int
        var description: String { "\(number): \(text)" }
    }

    @Test("blank lines are skipped but counted, CRLF is removed, the last line needs no newline")
    func lineNumbersBlankLinesAndCRLF() throws {
        try TemporaryFolder.with { folder in
            let path = try folder.create(
                "mixed.jsonl",
                "{\"a\":1}\r\n\r\n  \t\n{\"b\":2}\n\n \r\n{\"c\":\"x y\"}\n  {\"d\":4}  ")
            #expect(try lines(of: path) == [
                Line(text: "{\"a\":1}", number: 1),
                Line(text: "{\"b\":2}", number: 4),
                Line(text: "{\"c\":\"x y\"}", number: 7),
                Line(text: "  {\"d\":4}  ", number: 8),
            ])
        }
    }

    @Test("a final newline does not make an extra line; an empty file has none", arguments: [
        ("", [String]()),
        ("\n", []),
        ("one", ["one"]),
        ("one\n", ["one"]),
        ("one\r\n", ["one"]),
        ("one\ntwo", ["one", "two"]),
        ("one\ntwo\n", ["one", "two"]),
    ])
    func lastLine(content: String, expected: [String]) throws {
        try TemporaryFolder.with { folder in
            let path = try folder.create("last.jsonl", content)
            #expect(try lines(of: path).map(\.text) == expected)
        }
    }

    @Test("lines of several MiB, longer than the 1 MiB read chunk, arrive whole")
    func linesLongerThanTheReadChunk() throws {
        try TemporaryFolder.with { folder in
            let lengths = [3 * 1024 * 1024 + 17, 1, 0, 2 * 1024 * 1024 - 1, 1024 * 1024, 5]
            var content: [UInt8] = []
            for (index, length) in lengths.enumerated() {
                content += [UInt8](repeating: UInt8(ascii: "a") + UInt8(index), count: length)
                content.append(UInt8(ascii: "\n"))
            }
            let path = try folder.create("long.jsonl", content)
            let reader = try JSONLineReader(path: path)
            var seen: [(length: Int, number: Int, uniform: Bool)] = []
            try reader.forEachLine { bytes, number in
                let expectedByte = UInt8(ascii: "a") + UInt8(number - 1)
                seen.append((bytes.count, number, bytes.allSatisfy { $0 == expectedByte }))
            }
            #expect(seen.map(\.length) == lengths.filter { $0 > 0 })
            #expect(seen.map(\.number) == [1, 2, 4, 5, 6])
            #expect(seen.allSatisfy { $0.uniform })
        }
    }

    @Test("many short lines crossing chunk boundaries are all delivered in order")
    func manyLinesAcrossChunks() throws {
        try TemporaryFolder.with { folder in
            var content = ""
            var expected: [Line] = []
            for number in 1 ... 60_000 {
                if number % 7 == 0 {
                    content += (number % 2 == 0 ? "\r\n" : "   \n")
                    continue
                }
                let text = "{\"n\":\(number),\"pad\":\"\(String(repeating: "x", count: number % 53))\"}"
                content += text + (number % 3 == 0 ? "\r\n" : "\n")
                expected.append(Line(text: text, number: number))
            }
            let path = try folder.create("many.jsonl", content)
            #expect(content.utf8.count > 2 * 1024 * 1024)
            #expect(try lines(of: path) == expected)
        }
    }

    @Test("a line longer than the limit is reported with its line number")
    func overLongLine() throws {
        try TemporaryFolder.with { folder in
            // With a limit of 10, "0123456789" (10 bytes, also with CRLF) fits and the 11-byte line 5 does not.
            let path = try folder.create("long.jsonl", "short\n\n0123456789\n0123456789\r\n01234567890\nafter\n")
            let reader = try JSONLineReader(path: path, maximumLineLength: 10)
            var delivered: [Int] = []
            let error = #expect(throws: FileError.self) {
                try reader.forEachLine { _, number in delivered.append(number) }
            }
            #expect(error == .lineTooLong(path: path, line: 5, limit: 10))
            #expect(delivered == [1, 3, 4])
            let message = try #require(error).description
            #expect(message == "line 5 of \(path) is longer than 10 bytes; split the record or check that the file is JSON Lines")
        }
    }

    @Test("an over-long last line without newline, and one of several MiB, are reported")
    func overLongLastAndHugeLines() throws {
        try TemporaryFolder.with { folder in
            let last = try folder.create("last.jsonl", "ok\n0123456789AB")
            #expect(throws: FileError.lineTooLong(path: last, line: 2, limit: 10)) {
                try JSONLineReader(path: last, maximumLineLength: 10).forEachLine { _, _ in }
            }
            // 4 MiB without a newline against a 1 MiB limit: stops at the limit, not at the end.
            let huge = try folder.create("huge.jsonl", Array("{}\n".utf8) + [UInt8](repeating: 0x61, count: 4 * 1024 * 1024))
            let error = #expect(throws: FileError.self) {
                try JSONLineReader(path: huge, maximumLineLength: 1024 * 1024).forEachLine { _, _ in }
            }
            #expect(error == .lineTooLong(path: huge, line: 2, limit: 1024 * 1024))
            #expect(error?.description.contains("line 2 of \(huge) is longer than 1 MiB") == true)
        }
    }

    @Test("the default limit is 64 MiB and reads as such in the error")
    func defaultLimitDescription() {
        #expect(JSONLineReader.defaultMaximumLineLength == 64 * 1024 * 1024)
        let error = FileError.lineTooLong(path: "/x/y.jsonl", line: 12, limit: JSONLineReader.defaultMaximumLineLength)
        #expect(error.description == "line 12 of /x/y.jsonl is longer than 64 MiB; split the record or check that the file is JSON Lines")
    }

    @Test("a missing file is reported with its path and the system's reason")
    func missingFile() throws {
        try TemporaryFolder.with { folder in
            let path = folder.file("absent.jsonl")
            let error = #expect(throws: FileError.self) { try JSONLineReader(path: path) }
            #expect(error == .cannotOpen(path: path, errno: ENOENT))
            #expect(error?.description == "cannot open \(path) for reading: no such file or directory; check the path and its permissions")
        }
    }

    @Test("a folder cannot be opened as a file")
    func folderIsNotAFile() throws {
        try TemporaryFolder.with { folder in
            #expect(throws: FileError.cannotOpen(path: folder.path, errno: EISDIR)) {
                try JSONLineReader(path: folder.path)
            }
        }
    }

    @Test("an error thrown by the body stops the walk and comes out unchanged")
    func bodyErrorStops() throws {
        struct Stop: Error, Equatable {}
        try TemporaryFolder.with { folder in
            let path = try folder.create("three.jsonl", "1\n2\n3\n")
            let reader = try JSONLineReader(path: path)
            var seen: [Int] = []
            #expect(throws: Stop()) {
                try reader.forEachLine { _, number in
                    seen.append(number)
                    if number == 2 { throw Stop() }
                }
            }
            #expect(seen == [1, 2])
        }
    }

    @Test("walking a reader twice reads the file twice, from the start")
    func walkTwice() throws {
        try TemporaryFolder.with { folder in
            let path = try folder.create("two.jsonl", "{\"a\":1}\n{\"b\":2}\n")
            let reader = try JSONLineReader(path: path)
            var first: [Int] = []
            var second: [Int] = []
            try reader.forEachLine { _, number in first.append(number) }
            try reader.forEachLine { _, number in second.append(number) }
            #expect(first == [1, 2])
            #expect(second == first)
        }
    }
}
