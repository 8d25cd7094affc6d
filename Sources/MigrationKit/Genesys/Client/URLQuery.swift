/// Builds query strings, percent-encoding everything but RFC 3986's unreserved characters.
enum URLQuery {
    /// `a=1&b=x%20y`; empty for no items.
    static func encode(_ items: [(String, String)]) -> String {
        items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// `path` with `items` appended after `?` (or `&` when it already has a query).
    static func append(_ items: [(String, String)], to path: String) -> String {
        guard !items.isEmpty else { return path }
        return path + (path.contains("?") ? "&" : "?") + encode(items)
    }

    /// Percent-encodes `text` as UTF-8, keeping `A-Z a-z 0-9 - . _ ~`.
    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        return out
    }
}
