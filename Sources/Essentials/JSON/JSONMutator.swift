/// Random, seeded damage to JSON texts, for fuzz tests of everything that reads JSON.
///
/// Each ``mutate(_:)`` applies one to three mutations drawn from the kinds real inputs suffer:
/// flipped bits, inserted and deleted bytes, truncation, duplicated spans, deep nesting, huge
/// numbers, invalid UTF-8, NULs and broken escapes. The same seed gives the same sequence of
/// texts on every machine, so a failure found once can be replayed. Sizes stay modest (a few KB
/// beyond the input) so that many iterations run quickly.
public struct JSONMutator: Sendable {
    /// How many iterations and which seed a fuzz test uses: `defaultIterations` and `defaultSeed`
    /// unless `INTERACTION_MIGRATE_FUZZ_ITERATIONS` or `INTERACTION_MIGRATE_FUZZ_SEED` (decimal)
    /// say otherwise.
    public struct Settings: Sendable, Equatable {
        /// The variable that overrides the iteration count.
        public static let iterationsVariable = "INTERACTION_MIGRATE_FUZZ_ITERATIONS"
        /// The variable that overrides the seed.
        public static let seedVariable = "INTERACTION_MIGRATE_FUZZ_SEED"

        public var iterations: Int
        public var seed: UInt64

        /// The settings for `environment` (the process's, as `[String: String]`); a value that is
        /// not a decimal number is ignored.
        public init(defaultIterations: Int, defaultSeed: UInt64, environment: [String: String]) {
            iterations = environment[Self.iterationsVariable].flatMap { Int($0) }.map { max(0, $0) } ?? defaultIterations
            seed = environment[Self.seedVariable].flatMap { UInt64($0) } ?? defaultSeed
        }
    }

    private var random: SeededGenerator

    /// A mutator whose sequence of mutations is fixed by `seed`.
    public init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    /// Bytes that matter to a JSON parser, inserted more often than random ones.
    private static let structural: [UInt8] = Array("{}[]\",:\\-+.eE0123456789tfn \t\r\n".utf8) + [0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFF]

    /// Byte sequences that are not valid UTF-8: a lone continuation, an overlong form, a surrogate,
    /// a code point past U+10FFFF, a truncated sequence.
    private static let invalidUTF8: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFE]]

    /// Numbers at and past the edges of what parsers hold.
    private static let hugeNumbers: [String] = [
        "1e999999", "-1e-999999", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        String(repeating: "9", count: 400), "0." + String(repeating: "0", count: 300) + "1", "1E+", "-", "01", "1.e5",
        "4.9e-324", "1.7976931348623157e309", "-0",
    ]

    /// Escapes that are broken or at the edges: a lone surrogate, a short `\u`, an unknown escape.
    private static let escapes: [String] = ["\\uD800", "\\uDC00x", "\\u12", "\\x41", "\\", "\\u0000", "\\uD83D\\uDE00", "\\uFFFF"]

    /// `bytes` with one to three random mutations.
    public mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for _ in 0..<(1 + Int(random.next() % 3)) { mutateOnce(&out) }
        return out
    }

    private mutating func index(in count: Int) -> Int {
        count == 0 ? 0 : Int(random.next() % UInt64(count))
    }

    private mutating func pick<T>(_ items: [T]) -> T {
        items[index(in: items.count)]
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        let position = index(in: bytes.count + 1)
        switch random.next() % 12 {
        case 0 where !bytes.isEmpty:  // flip one bit
            let at = index(in: bytes.count)
            bytes[at] ^= UInt8(1) << UInt8(random.next() % 8)
        case 1:  // insert a structural or random byte
            let byte = random.next() % 2 == 0 ? pick(Self.structural) : UInt8(truncatingIfNeeded: random.next())
            bytes.insert(byte, at: position)
        case 2 where !bytes.isEmpty:  // delete a span
            let start = min(position, bytes.count - 1)
            let length = 1 + index(in: min(64, bytes.count - start))
            bytes.removeSubrange(start..<min(bytes.count, start + length))
        case 3:  // truncate
            bytes.removeSubrange(position..<bytes.count)
        case 4 where !bytes.isEmpty:  // duplicate a span somewhere
            let start = index(in: bytes.count)
            let end = min(bytes.count, start + 1 + index(in: 256))
            let span = Array(bytes[start..<end])
            bytes.insert(contentsOf: span, at: index(in: bytes.count + 1))
        case 5:  // deep nesting, closed or not
            let depth = 1 + index(in: 2000)
            let open: UInt8 = random.next() % 2 == 0 ? UInt8(ascii: "[") : UInt8(ascii: "{")
            var nested = [UInt8](repeating: open, count: depth)
            if open == UInt8(ascii: "[") && random.next() % 2 == 0 {
                nested += Array("1".utf8) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
            }
            bytes.insert(contentsOf: nested, at: position)
        case 6:  // a huge or malformed number, replacing a digit run when there is one
            let number = Array(pick(Self.hugeNumbers).utf8)
            if let digit = bytes[position...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                var end = digit
                while end < bytes.count, (0x30...0x39).contains(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
                bytes.replaceSubrange(digit..<end, with: number)
            } else {
                bytes.insert(contentsOf: number, at: position)
            }
        case 7:  // invalid UTF-8
            bytes.insert(contentsOf: pick(Self.invalidUTF8), at: position)
        case 8:  // NULs
            bytes.insert(contentsOf: [UInt8](repeating: 0, count: 1 + index(in: 4)), at: position)
        case 9:  // a broken or edge escape, inside a string when one is near
            let escape = Array(pick(Self.escapes).utf8)
            let at = bytes[position...].firstIndex(of: UInt8(ascii: "\"")).map { $0 + 1 } ?? position
            bytes.insert(contentsOf: escape, at: min(at, bytes.count))
        case 10 where !bytes.isEmpty:  // overwrite one byte with a structural one
            bytes[index(in: bytes.count)] = pick(Self.structural)
        default:  // swap two spans' order by moving one
            guard bytes.count > 2 else { bytes.insert(pick(Self.structural), at: position); return }
            let start = index(in: bytes.count)
            let end = min(bytes.count, start + 1 + index(in: 32))
            let span = Array(bytes[start..<end])
            bytes.removeSubrange(start..<end)
            bytes.insert(contentsOf: span, at: index(in: bytes.count + 1))
        }
    }
}
