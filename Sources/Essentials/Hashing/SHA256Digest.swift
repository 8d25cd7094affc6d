/// A 32-byte SHA-256 digest, as produced by `SHA256.finalize()` or `SHA256.hash(_:)`.
///
/// The digest is stored inline (no heap allocation), so comparing and hashing digests is cheap.
/// Its text form is 64 lower-case hexadecimal digits, the form `sha256sum` prints.
public struct SHA256Digest: Sendable, Hashable, CustomStringConvertible {
    /// Digest bytes 0–7, 8–15, 16–23 and 24–31, each read as a big-endian integer.
    private let word0: UInt64, word1: UInt64, word2: UInt64, word3: UInt64

    /// Builds a digest from the eight final state words `H0`…`H7`, which are emitted big-endian.
    internal init(
        words h0: UInt32, _ h1: UInt32, _ h2: UInt32, _ h3: UInt32,
        _ h4: UInt32, _ h5: UInt32, _ h6: UInt32, _ h7: UInt32
    ) {
        word0 = UInt64(h0) << 32 | UInt64(h1)
        word1 = UInt64(h2) << 32 | UInt64(h3)
        word2 = UInt64(h4) << 32 | UInt64(h5)
        word3 = UInt64(h6) << 32 | UInt64(h7)
    }

    /// Parses 64 hexadecimal digits, upper- or lower-case; returns `nil` for any other length or character.
    ///
    /// No prefix (`0x`, `sha256:`) and no surrounding whitespace is accepted.
    public init?(hex: String) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var digitCount = 0
        for unit in hex.utf8 {
            guard digitCount < 64, let nibble = HexDigit.value(unit) else { return nil }
            switch digitCount / 16 {
            case 0: words.0 = words.0 << 4 | UInt64(nibble)
            case 1: words.1 = words.1 << 4 | UInt64(nibble)
            case 2: words.2 = words.2 << 4 | UInt64(nibble)
            default: words.3 = words.3 << 4 | UInt64(nibble)
            }
            digitCount += 1
        }
        guard digitCount == 64 else { return nil }
        (word0, word1, word2, word3) = words
    }

    /// The 32 digest bytes, most significant first (the order `sha256sum` prints them in).
    ///
    /// Each read allocates a new array; prefer `==` or `hex` when that is all you need.
    public var bytes: [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(32)
        for word in [word0, word1, word2, word3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                result.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return result
    }

    /// The digest as 64 lower-case hexadecimal digits, with no prefix or separators.
    public var hex: String {
        return String(unsafeUninitializedCapacity: 64) { output in
            var index = 0
            for word in [word0, word1, word2, word3] {
                for shift in stride(from: 60, through: 0, by: -4) {
                    let nibble = Int(truncatingIfNeeded: word >> UInt64(shift)) & 0xf
                    output[index] = HexDigit.digit(UInt8(nibble))
                    index += 1
                }
            }
            return 64
        }
    }

    /// The same text as `hex`: 64 lower-case hexadecimal digits.
    public var description: String { hex }
}
