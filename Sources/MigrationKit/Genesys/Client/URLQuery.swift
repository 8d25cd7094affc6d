import Essentials

/// Builds query strings, percent-encoding everything but RFC 3986's unreserved characters.
enum URLQuery {
    /// `a=1&b=x%20y`; empty for no items.
    static func encode(_ items: [(String, String)]) -> String {
        items.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }

    /// `path` with `items` appended after `?` (or `&` when it already has a query).
    static func append(_ items: [(String, String)], to path: String) -> String {
        guard !items.isEmpty else { return path }
        return path + (path.contains("?") ? "&" : "?") + encode(items)
    }
}
