import Essentials

// An unmapped report read back from the state file, so that a window skipped as unchanged still
// reports what it reported when it ran.
extension UnmappedReport {
    /// The report written by ``jsonValue()``.
    init(stateValue: JSONValue, at location: String) throws(StateDecoder.Failure) {
        let decoder = try StateDecoder(stateValue, at: location)
        let list = try decoder.value("unmapped")
        guard let items = list.arrayValue else { throw decoder.fail("unmapped", "expected an array, found \(list.kindDescription)") }
        var entries: [Entry] = []
        for (i, item) in items.enumerated() {
            let entry = try StateDecoder(item, at: "\(location).unmapped[\(i)]")
            let kindName = try entry.string("kind")
            guard let kind = MappingKind.allCases.first(where: { Self.jsonKind($0) == kindName }) else {
                throw entry.fail("kind", "expected queue, flow or wrapupCode, found \"\(kindName)\"")
            }
            entries.append(Entry(kind: kind, sourceId: try entry.string("sourceId"), sourceName: try entry.optionalString("sourceName"),
                                 records: try entry.int("records"), examples: try entry.strings("examples")))
        }
        self.init(entries: entries, records: try decoder.int("records"))
    }
}
