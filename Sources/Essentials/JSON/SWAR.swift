/// Eight-bytes-at-a-time tests ("SIMD within a register") for the string scanners of the parser
/// and writer: most strings have no byte that needs attention, so whole words are skipped at once.
public enum SWAR {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `word` is zero.
    @inlinable @inline(__always) public static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highs != 0
    }

    /// Whether some byte of `word` equals `byte`.
    @inlinable @inline(__always) public static func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
        hasZeroByte(word ^ (ones &* UInt64(byte)))
    }

    /// Whether some byte of `word` is below 0x20 (a control character). Exact for ASCII words;
    /// a byte of 0x80 or more can also report true, which only sends the caller to its slow path.
    @inlinable @inline(__always) public static func hasControl(_ word: UInt64) -> Bool {
        (word &- ones &* 0x20) & ~word & highs != 0
    }

    /// Whether some byte of `word` needs escaping in a JSON string: `"`, `\` or a control character.
    @inlinable @inline(__always) public static func needsEscape(_ word: UInt64) -> Bool {
        hasControl(word) || hasByte(word, 0x22) || hasByte(word, 0x5C)
    }

    /// Whether some byte of `word` is not ASCII.
    @inlinable @inline(__always) public static func hasNonASCII(_ word: UInt64) -> Bool {
        word & highs != 0
    }
}
