import Essentials
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("SHA-256")
struct SHA256Tests {
    /// The example messages of FIPS 180-4 with their digests as published by NIST
    /// ("Cryptographic Standards and Guidelines: Examples with Intermediate Values", SHA256.pdf
    /// and SHA2_Additional.pdf). These are external reference values, not computed by this code.
    static let nistVectors: [(message: String, digest: String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ]

    @Test("NIST example messages, one-shot over bytes", arguments: nistVectors)
    func nistVectorOneShot(message: String, digest: String) {
        #expect(SHA256.hash(Array(message.utf8)).hex == digest)
    }

    @Test("NIST example messages, incremental over the String overload", arguments: nistVectors)
    func nistVectorString(message: String, digest: String) {
        var hasher = SHA256()
        hasher.update(message)
        #expect(hasher.finalize().hex == digest)
    }

    @Test("one million 'a' fed in odd-sized chunks (NIST long message)")
    func millionAInChunks() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let chunkSizes = [1, 7, 63, 65, 997]
        var hasher = SHA256()
        var offset = 0
        var turn = 0
        while offset < message.count {
            let end = min(offset + chunkSizes[turn % chunkSizes.count], message.count)
            hasher.update(message[offset ..< end])
            offset = end
            turn += 1
        }
        // NIST's published digest for 1,000,000 repetitions of "a".
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Messages of n bytes of "a" around the padding boundaries (55 is the longest message whose
    /// padding fits one block, 56 the shortest that needs a second one, 64 exactly one block).
    /// Expected values come from Python's hashlib (OpenSSL), the outside reference:
    /// `python3 -c "import hashlib;print(hashlib.sha256(b'a'*55).hexdigest())"` and so on.
    @Test("padding edges", arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func paddingEdges(length: Int, digest: String) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(SHA256.hash(message).hex == digest)
        var byteByByte = SHA256()
        for byte in message { byteByByte.update([byte]) }
        #expect(byteByByte.finalize().hex == digest)
    }

    @Test("splitting a message at any point gives the one-shot digest")
    func everySplitPoint() {
        // 200 bytes of varied content: more than three blocks, so splits land before, on and
        // after block boundaries and inside the padding region of the last block.
        let message = (0 ..< 200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let expected = SHA256.hash(message)
        for split in 0 ... message.count {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize() == expected, "split at \(split)")
        }
    }

    @Test("splitting at two points, through the raw-buffer overload, gives the one-shot digest")
    func everyDoubleSplitPoint() {
        let message = (0 ..< 140).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 3) }
        let expected = SHA256.hash(message)
        message.withUnsafeBytes { bytes in
            for first in stride(from: 0, through: bytes.count, by: 3) {
                for second in first ... bytes.count {
                    var hasher = SHA256()
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[..<first]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[first ..< second]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[second...]))
                    #expect(hasher.finalize() == expected, "splits at \(first) and \(second)")
                }
            }
        }
    }

    @Test("a sequence without contiguous storage hashes like an array")
    func nonContiguousSequence() {
        let message = (0 ..< 300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let lazy = message.lazy.map { $0 }  // a Sequence with no contiguous storage
        #expect(lazy.withContiguousStorageIfAvailable { _ in true } == nil)
        #expect(SHA256.hash(lazy) == SHA256.hash(message))
    }

    @Test("finalizing a copy leaves the original hasher usable")
    func copyForks() {
        var hasher = SHA256()
        hasher.update("ab")
        let prefixDigest = hasher.finalize()
        hasher.update("c")
        #expect(prefixDigest == SHA256.hash(Array("ab".utf8)))
        #expect(hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("an empty update changes nothing")
    func emptyUpdate() {
        var hasher = SHA256()
        hasher.update(UnsafeRawBufferPointer(start: nil, count: 0))
        hasher.update([UInt8]())
        hasher.update("")
        hasher.update("abc")
        hasher.update([UInt8]())
        #expect(hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite("SHA-256 digest")
struct SHA256DigestTests {
    static let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    @Test("bytes, hex and description agree")
    func representations() throws {
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(digest.bytes.count == 32)
        #expect(digest.bytes.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        #expect(digest.bytes.last == 0xad)
        #expect(digest.hex == Self.abc)
        #expect(digest.description == Self.abc)
        #expect("\(digest)" == Self.abc)
    }

    @Test("hex parses back to the same digest, in either case")
    func hexRoundTrip() throws {
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(SHA256Digest(hex: digest.hex) == digest)
        let upper = try #require(SHA256Digest(hex: Self.abc.uppercased()))
        #expect(upper == digest)
        #expect(upper.hex == Self.abc)
    }

    @Test("malformed hex is rejected", arguments: [
        "",
        String(abc.dropLast()),
        abc + "0",
        "0x" + abc.dropFirst(2),
        " " + abc.dropFirst(),
        String(abc.dropLast()) + "g",
        String(repeating: "é", count: 32),
    ])
    func malformedHex(text: String) {
        #expect(SHA256Digest(hex: text) == nil)
    }

    @Test("equal digests hash equally; different digests differ")
    func hashable() {
        let one = SHA256.hash(Array("abc".utf8))
        let same = SHA256.hash(Array("abc".utf8))
        let other = SHA256.hash(Array("abd".utf8))
        #expect(one == same)
        #expect(one != other)
        #expect(Set([one, same, other]).count == 2)
    }
}

@Suite("SHA-256 of a file")
struct SHA256FileTests {
    @Test("a file's digest: the FIPS 180-4 vector, an empty file, and one larger than the read buffer")
    func digests() throws {
        try TemporaryFolder.with { folder in
            let abc = try folder.create("abc.txt", "abc")
            #expect(try SHA256.hashFile(atPath: abc).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            let empty = try folder.create("empty.txt", "")
            #expect(try SHA256.hashFile(atPath: empty).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            // Crosses the 1 MiB buffer twice, ending inside a block.
            let bytes = (0 ..< (2 << 20) + 77).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ ($0 >> 9)) }
            let large = try folder.create("large.bin", bytes)
            #expect(try SHA256.hashFile(atPath: large) == SHA256.hash(bytes))
        }
    }

    @Test("a missing file is named with the system's reason")
    func missing() throws {
        try TemporaryFolder.with { folder in
            let path = folder.file("nope.jsonl")
            #expect(throws: FileError.cannotOpen(path: path, errno: ENOENT)) { try SHA256.hashFile(atPath: path) }
        }
    }
}
