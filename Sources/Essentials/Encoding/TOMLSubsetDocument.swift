/// A TOML document of the subset ``TOMLSubsetParser`` reads: tables of strings, booleans and
/// whole numbers.
public struct TOMLSubsetDocument: Sendable, Equatable {
    /// The keys before the first `[table]` header (often none).
    public let root: TOMLSubsetTable
    /// The `[table]`s, in the order of the file; names are unique.
    public let tables: [TOMLSubsetTable]

    /// A document of `root` keys and `tables`.
    public init(root: TOMLSubsetTable = TOMLSubsetTable(name: "", line: 0), tables: [TOMLSubsetTable]) {
        self.root = root
        self.tables = tables
    }

    /// The table called `name` (exactly, after unquoting), or nil.
    public func table(named name: String) -> TOMLSubsetTable? {
        tables.first { $0.name == name }
    }

    /// The names of the tables, in the order of the file.
    public var tableNames: [String] { tables.map(\.name) }
}
