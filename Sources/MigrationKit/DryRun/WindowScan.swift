import Essentials

/// What the dry run learns of one window's records while the import's planner reads them: each
/// record's `externalId`, and per chunk the findings of the §7.3 synchronous rules and of the §7.4
/// reference check, kept apart (a chunk already accepted is past the first).
struct WindowScan {
    let window: String
    let chunkSize: Int
    /// The schema version's top-level fields; nil when unknown.
    let fields: Set<String>?
    /// The destination's ids by kind, lower-cased.
    let known: [MappingKind: Set<String>]

    /// Every record's `externalId`, by position in the window.
    private(set) var externalIds: [String] = []
    /// Per chunk, the synchronous findings (only their counts and first examples).
    private(set) var synchronous: [DryRunChunk] = []
    /// Per chunk, the job-time findings.
    private(set) var jobTime: [DryRunChunk] = []

    init(window: String, chunkSize: Int, fields: Set<String>?, known: [MappingKind: Set<String>]) {
        self.window = window
        self.chunkSize = chunkSize
        self.fields = fields
        self.known = known
    }

    /// Checks the record at `position` of the window.
    mutating func visit(_ record: JSONValue, position: Int) {
        let chunk = position / chunkSize
        let index = position % chunkSize
        while synchronous.count <= chunk {
            synchronous.append(DryRunChunk(window: window, index: synchronous.count, hash: "", records: 0, status: .send))
            jobTime.append(DryRunChunk(window: window, index: jobTime.count, hash: "", records: 0, status: .send))
        }
        externalIds.append(record["externalId"]?.stringValue ?? "")
        synchronous[chunk].add(ImportRules.synchronous(record, index: index, fields: fields))
        jobTime[chunk].add(ImportRules.invalidReferences(record, index: index, known: known))
    }

    /// The `externalId`s of chunk `index`.
    func externalIds(ofChunk index: Int) -> ArraySlice<String> {
        let start = min(index * chunkSize, externalIds.count)
        return externalIds[start..<min(start + chunkSize, externalIds.count)]
    }
}
