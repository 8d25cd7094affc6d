/// HTTP header names, which compare case-insensitively (RFC 9110 §5.1), for the client's
/// requests and responses and the emulator's headers alike.
public enum HTTPHeaderName {
    /// Whether `a` and `b` name the same header: equal but for ASCII case.
    @inlinable
    public static func matches(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            let lp = p >= 0x41 && p <= 0x5A ? p | 0x20 : p
            let lq = q >= 0x41 && q <= 0x5A ? q | 0x20 : q
            if lp != lq { return false }
        }
        return true
    }

    /// The first value of the header `name` in `fields`, or nil.
    public static func value(of name: some StringProtocol, in fields: some Sequence<(name: String, value: String)>) -> String? {
        for field in fields where matches(field.name, name) { return field.value }
        return nil
    }
}
