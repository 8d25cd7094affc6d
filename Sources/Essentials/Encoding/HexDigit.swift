/// Hexadecimal digits, read and written: SHA-256 digests, UUIDs, JSON `\u` escapes, and
/// percent-escapes in URLs.
public enum HexDigit {
    /// The value (0...15) of the ASCII hexadecimal digit `unit`, either case, or nil.
    @inlinable
    public static func value(_ unit: UInt8) -> UInt8? {
        switch unit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return unit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return unit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return unit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The ASCII digit of the low four bits of `nibble`: `0`–`9`, then `a`–`f` (or `A`–`F`).
    @inlinable
    public static func digit(_ nibble: UInt8, uppercase: Bool = false) -> UInt8 {
        let n = nibble & 0x0F
        return n < 10 ? UInt8(ascii: "0") + n : (uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) + n - 10
    }

    /// Appends the two digits of `byte`, high nibble first.
    @inlinable
    public static func append(_ byte: UInt8, to output: inout [UInt8], uppercase: Bool = false) {
        output.append(digit(byte >> 4, uppercase: uppercase))
        output.append(digit(byte, uppercase: uppercase))
    }

    /// `bytes` as hexadecimal text, two digits per byte, lower-case unless asked otherwise.
    public static func encode(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes { append(byte, to: &out, uppercase: uppercase) }
        return String(decoding: out, as: UTF8.self)
    }
}
