/// One `key = value` line of a TOML table.
public struct TOMLSubsetEntry: Sendable, Equatable {
    /// The key, unquoted: `"client id" = ...` has the key `client id`.
    public let key: String
    /// The value; it prints as its kind only (see ``TOMLSubsetValue``).
    public let value: TOMLSubsetValue
    /// The line (1-based) the entry is on.
    public let line: Int

    /// An entry read from `line`.
    public init(key: String, value: TOMLSubsetValue, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}
