import Testing

@testable import Essentials
#if canImport(Glibc)
import Glibc
#endif

@Suite("Reading whole files")
struct FileContentsTests {
    @Test("reads every byte, beyond one read's chunk")
    func readsAll() throws {
        try TemporaryFolder.with { folder in
            let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let path = folder.file("big.bin")
            try AtomicFileWriter.write(bytes, to: path)
            let read = try FileContents.read(path: path)
            let empty = try FileContents.read(path: try folder.create("empty", ""))
            #expect(read == bytes)
            #expect(empty == [])
        }
    }

    @Test("a missing file and a folder each fail with the system's reason")
    func failures() throws {
        try TemporaryFolder.with { folder in
            let missing = folder.file("missing.json")
            #expect(throws: FileError.cannotOpen(path: missing, errno: ENOENT)) { try FileContents.read(path: missing) }
            let absent = try FileContents.readIfPresent(path: missing)
            #expect(absent == nil)
            let directory = folder.file("sub")
            mkdir(directory, 0o700)
            #expect(throws: FileError.cannotOpen(path: directory, errno: EISDIR)) { try FileContents.readIfPresent(path: directory) }
        }
    }
}
