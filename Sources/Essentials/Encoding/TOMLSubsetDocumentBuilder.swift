/// The tables ``TOMLSubsetParser`` has read so far, with the lines their names and keys were first given on.
struct TOMLSubsetDocumentBuilder {
    var root = TOMLSubsetTable(name: "", line: 0)
    var tables: [TOMLSubsetTable] = []
    /// Line of each table header, by name.
    var tableLines: [String: Int] = [:]
    /// Line of each key of the current table, by key.
    var keyLines: [String: Int] = [:]
    /// Line of each key of the root table, by key (a table may not reuse one).
    var rootKeyLines: [String: Int] = [:]

    var document: TOMLSubsetDocument { TOMLSubsetDocument(root: root, tables: tables) }

    mutating func beginTable(_ name: String, line: Int, column: Int) throws(TOMLSubsetError) {
        if let first = tableLines[name] ?? rootKeyLines[name] {
            throw TOMLSubsetError(line: line, column: column, subject: "[\(name)]", problem: .duplicateTable(firstLine: first))
        }
        tableLines[name] = line
        keyLines = [:]
        tables.append(TOMLSubsetTable(name: name, line: line))
    }

    mutating func add(_ key: String, _ value: TOMLSubsetValue, line: Int, column: Int) throws(TOMLSubsetError) {
        if let first = keyLines[key] {
            throw TOMLSubsetError(line: line, column: column, subject: key, problem: .duplicateKey(firstLine: first))
        }
        keyLines[key] = line
        let entry = TOMLSubsetEntry(key: key, value: value, line: line)
        if tables.isEmpty {
            rootKeyLines[key] = line
            root.entries.append(entry)
        } else {
            tables[tables.count - 1].entries.append(entry)
        }
    }
}
