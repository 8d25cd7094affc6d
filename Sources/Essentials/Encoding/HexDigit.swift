/// Hexadecimal digits, for the places that read them: SHA-256 digests, JSON `\u` escapes, and
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
}
