import Essentials
import Testing

@testable import MigrationKit

@Suite("Byte-keyed table")
struct ByteKeyTableTests {
    @Test("finds every key of a large table and nothing else, against a Dictionary of the same keys")
    func agreesWithDictionary() {
        var generator = SeededGenerator(seed: 7)
        // UUIDs, their prefixes (lengths 0 to 36 cross the eight-byte words), and near misses.
        var keys: [String] = []
        for _ in 0..<3_000 {
            let uuid = generator.uuidString()
            keys.append(uuid)
            keys.append(String(uuid.prefix(Int(generator.next() % 37))))
        }
        let pairs = keys.enumerated().map { (key: $0.element, value: $0.offset) }
        let table = ByteKeyTable(pairs)
        var reference: [[UInt8]: Int] = [:]
        for (key, value) in pairs where reference[Array(key.utf8)] == nil { reference[Array(key.utf8)] = value }
        #expect(table.count == reference.count)
        for key in keys {
            #expect(table[key] == reference[Array(key.utf8)], "key \(key)")
        }
        for key in keys.prefix(500) {
            #expect(table[key + "x"] == reference[Array((key + "x").utf8)])
            #expect(table["x" + key] == reference[Array(("x" + key).utf8)])
        }
    }

    @Test("a key listed twice keeps its first value; the empty key is a key")
    func firstValueWins() {
        let table = ByteKeyTable([(key: "q-1", value: "first"), (key: "", value: "empty"), (key: "q-1", value: "second")])
        #expect(table.count == 2)
        #expect(table["q-1"] == "first")
        #expect(table[""] == "empty")
        #expect(table["q-2"] == nil)
    }

    @Test("keys are compared byte for byte: NFC and NFD spellings are different ids")
    func bytesNotCanonicalEquivalence() {
        let table = ByteKeyTable([(key: "caf\u{E9}", value: 1)])
        #expect(table["caf\u{E9}"] == 1)
        #expect(table["cafe\u{301}"] == nil)
    }

    @Test("an empty table finds nothing")
    func empty() {
        let table = ByteKeyTable<Int>([])
        #expect(table.count == 0)
        #expect(table["anything"] == nil)
        #expect(table[""] == nil)
    }
}
