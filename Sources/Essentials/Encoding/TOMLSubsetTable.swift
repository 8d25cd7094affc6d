/// A `[name]` table of a TOML document, or the keys before the first header (the root table,
/// named `""` on line 0).
public struct TOMLSubsetTable: Sendable, Equatable {
    /// The table's name, unquoted: `["acme eu"]` is named `acme eu`.
    public let name: String
    /// The line (1-based) of the `[name]` header; 0 for the root table.
    public let line: Int
    /// The entries in the order of the file. Keys are unique within a table.
    public internal(set) var entries: [TOMLSubsetEntry]

    /// A table with `entries`, headed on `line`.
    public init(name: String, line: Int, entries: [TOMLSubsetEntry] = []) {
        self.name = name
        self.line = line
        self.entries = entries
    }

    /// The entry for `key`, or nil when the table has none.
    public func entry(_ key: String) -> TOMLSubsetEntry? {
        entries.first { $0.key == key }
    }

    /// The value of `key`, or nil when the table has none.
    public subscript(key: String) -> TOMLSubsetValue? {
        entry(key)?.value
    }
}
