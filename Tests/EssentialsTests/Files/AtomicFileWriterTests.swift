import Testing

@testable import Essentials
#if canImport(Glibc)
import Glibc
#endif

@Suite("Atomic file writer")
struct AtomicFileWriterTests {
    @Test("creates missing folders 0700 and the file 0600 with the exact content")
    func createsFoldersAndFile() throws {
        try TemporaryFolder.with { folder in
            let target = folder.file("new/deeper/out.json")
            try AtomicFileWriter.write(Array("{\"ok\":true}\n".utf8), to: target)
            #expect(folder.contents(of: target) == Array("{\"ok\":true}\n".utf8))
            #expect(TemporaryFolder.permissions(of: target) == 0o600)
            #expect(TemporaryFolder.permissions(of: folder.file("new")) == 0o700)
            #expect(TemporaryFolder.permissions(of: folder.file("new/deeper")) == 0o700)
            #expect(folder.entries(of: folder.file("new/deeper")) == ["out.json"])
        }
    }

    @Test("replaces an existing file and leaves no temporary file")
    func replacesExistingFile() throws {
        try TemporaryFolder.with { folder in
            let target = try folder.create("out.txt", "old content that is longer than the new one")
            try AtomicFileWriter.write("new", to: target)
            #expect(folder.contents(of: target) == Array("new".utf8))
            #expect(TemporaryFolder.permissions(of: target) == 0o600)
            #expect(folder.entries() == ["out.txt"])
        }
    }

    @Test("writes empty content, raw buffers and sequences without contiguous storage")
    func overloads() throws {
        try TemporaryFolder.with { folder in
            try AtomicFileWriter.write([UInt8](), to: folder.file("empty"))
            #expect(folder.contents(of: folder.file("empty")) == [])

            let bytes: [UInt8] = [0, 1, 2, 0xff, 10, 13]
            try bytes.withUnsafeBytes { try AtomicFileWriter.write($0, to: folder.file("raw")) }
            #expect(folder.contents(of: folder.file("raw")) == bytes)

            try AtomicFileWriter.write((0 ..< 300).lazy.map { UInt8($0 % 256) }, to: folder.file("lazy"))
            #expect(folder.contents(of: folder.file("lazy")) == (0 ..< 300).map { UInt8($0 % 256) })

            try AtomicFileWriter.write("héllo ✓", to: folder.file("text"))
            #expect(folder.contents(of: folder.file("text")) == Array("héllo ✓".utf8))
        }
    }

    @Test("a parent that is a file fails, naming it, and changes nothing")
    func parentIsAFile() throws {
        try TemporaryFolder.with { folder in
            let blocker = try folder.create("blocker", "keep me")
            let target = folder.file("blocker/sub/out.json")
            #expect(throws: FileError.cannotCreateFolder(path: blocker, errno: ENOTDIR)) {
                try AtomicFileWriter.write("x", to: target)
            }
            #expect(folder.contents(of: blocker) == Array("keep me".utf8))
            #expect(folder.entries() == ["blocker"])
        }
    }

    @Test("a target that is a non-empty folder fails at the rename and leaves no temporary file")
    func targetIsAFolder() throws {
        try TemporaryFolder.with { folder in
            let target = folder.file("existing")
            _ = mkdir(target, 0o755)
            try folder.create("existing/inside.txt", "keep me")
            let error = #expect(throws: FileError.self) {
                try AtomicFileWriter.write([UInt8](repeating: 7, count: 3 * 1024 * 1024), to: target)
            }
            guard case .cannotReplace(let path, _)? = error else {
                Issue.record("expected cannotReplace, got \(String(describing: error))")
                return
            }
            #expect(path == target)
            #expect(folder.contents(of: folder.file("existing/inside.txt")) == Array("keep me".utf8))
            #expect(folder.entries() == ["existing"])
        }
    }

    @Test("error descriptions are lower-case, name the path and say what to do")
    func descriptions() {
        let errors: [FileError] = [
            .cannotOpen(path: "/p/a", errno: ENOENT),
            .readFailed(path: "/p/a", errno: EIO),
            .lineTooLong(path: "/p/a", line: 3, limit: 5),
            .cannotCreateFolder(path: "/p/a", errno: ENOTDIR),
            .cannotCreateTemporaryFile(path: "/p/a", errno: EACCES),
            .writeFailed(path: "/p/a", errno: ENOSPC),
            .cannotReplace(path: "/p/a", errno: EISDIR),
            .folderSyncFailed(path: "/p/a", errno: EIO),
            .outputClosed(path: "/p/a"),
        ]
        for error in errors {
            let text = error.description
            #expect(text.first?.isLowercase == true, "\(text)")
            #expect(!text.hasSuffix("."), "\(text)")
            #expect(text.contains("/p/a"), "\(text)")
            #expect(text.contains("; "), "\(text)")
        }
        #expect(FileError.writeFailed(path: "/p/a", errno: ENOSPC).description
            == "cannot write /p/a: no space left on device; check free space and permissions, then try again")
    }
}

@Suite("Atomic file output")
struct AtomicFileOutputTests {
    @Test("pieces of every size commit to the exact content; nothing shows before commit")
    func streamedContent() throws {
        try TemporaryFolder.with { folder in
            let target = try folder.create("out.jsonl", "previous")
            var expected: [UInt8] = []
            let output = try AtomicFileOutput(path: target)
            // Sizes around the 1 MiB buffer: small pieces filling it, one crossing it, one bigger.
            let sizes = [1, 100, 1024 * 1024 - 101, 1, 3 * 1024 * 1024 + 5, 7, 1024 * 1024, 0, 12]
            for (index, size) in sizes.enumerated() {
                let piece = (0 ..< size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
                try piece.withUnsafeBytes { try output.write($0) }
                expected += piece
            }
            try output.write("tail ✓\n")
            expected += Array("tail ✓\n".utf8)

            #expect(folder.contents(of: target) == Array("previous".utf8))
            let pending = folder.entries()
            #expect(pending.count == 2)
            #expect(pending.contains { $0.hasPrefix(".out.jsonl.tmp-\(getpid())-") })

            try output.commit()
            #expect(folder.contents(of: target) == expected)
            #expect(TemporaryFolder.permissions(of: target) == 0o600)
            #expect(folder.entries() == ["out.jsonl"])
        }
    }

    @Test("a file larger than the writeback interval starts writeback early and commits the exact content")
    func largeFileWithWriteback() throws {
        try TemporaryFolder.with { folder in
            let target = try folder.create("large.jsonl", "previous")
            let output = try AtomicFileOutput(path: target)
            var expected: [UInt8] = []
            let piece = (0 ..< 1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let pieces = AtomicFileOutput.writebackInterval / piece.count + 2
            for index in 0 ..< pieces {
                var bytes = piece
                bytes[0] = UInt8(truncatingIfNeeded: index)
                try bytes.withUnsafeBytes { try output.write($0) }
                expected += bytes
            }
            #expect(output.writebacksStarted == 1)
            #expect(folder.contents(of: target) == Array("previous".utf8))
            try output.commit()
            let written = try #require(folder.contents(of: target))
            #expect(written.count == expected.count)
            #expect(written.withUnsafeBytes { a in expected.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) } } == 0)
            #expect(folder.entries() == ["large.jsonl"])
        }
    }

    @Test("abandoning a large output waits for its writeback, then removes the temporary file")
    func abandonLargeOutput() throws {
        try TemporaryFolder.with { folder in
            let target = try folder.create("large.txt", "keep")
            let output = try AtomicFileOutput(path: target)
            let piece = [UInt8](repeating: 0x61, count: AtomicFileOutput.writebackInterval + 1)
            try piece.withUnsafeBytes { try output.write($0) }
            #expect(output.writebacksStarted == 1)
            output.abandon()
            #expect(folder.entries() == ["large.txt"])
            #expect(folder.contents(of: target) == Array("keep".utf8))
        }
    }

    @Test("abandon removes the temporary file, keeps the target and closes the output")
    func abandonRemovesTemporaryFile() throws {
        try TemporaryFolder.with { folder in
            let target = try folder.create("out.txt", "keep")
            let output = try AtomicFileOutput(path: target)
            try output.write("discarded")
            #expect(folder.entries().count == 2)
            output.abandon()
            output.abandon()
            #expect(folder.entries() == ["out.txt"])
            #expect(folder.contents(of: target) == Array("keep".utf8))
            #expect(throws: FileError.outputClosed(path: target)) { try output.write("more") }
            #expect(throws: FileError.outputClosed(path: target)) { try output.commit() }
        }
    }

    @Test("an output released without commit is abandoned")
    func deinitAbandons() throws {
        try TemporaryFolder.with { folder in
            let target = folder.file("never.txt")
            do {
                let output = try AtomicFileOutput(path: target)
                try output.write("unfinished")
                #expect(folder.entries().count == 1)
            }
            #expect(folder.entries().isEmpty)
        }
    }

    @Test("after commit the output takes no more writes and abandon changes nothing")
    func closedAfterCommit() throws {
        try TemporaryFolder.with { folder in
            let target = folder.file("done.txt")
            let output = try AtomicFileOutput(path: target)
            try output.write("final")
            try output.commit()
            output.abandon()
            #expect(folder.contents(of: target) == Array("final".utf8))
            #expect(throws: FileError.outputClosed(path: target)) { try output.write("late") }
            #expect(throws: FileError.outputClosed(path: target)) { try output.commit() }
        }
    }
}
