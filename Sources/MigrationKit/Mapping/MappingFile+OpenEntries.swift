extension MappingFile {
    /// The file with every entry that has no destination (ambiguous, unmatched) given one the way
    /// a rehearsal does it: its first candidate, or else `fallback(kind)`, recorded as `manual`.
    /// For benchmarks, tests and the demo, never for a real migration, where an admin decides.
    public func resolvingOpenEntries(fallback: (MappingKind) -> String) -> MappingFile {
        var file = self
        func resolve(_ entries: [MappingEntry], _ kind: MappingKind) -> [MappingEntry] {
            entries.map { entry in
                guard !entry.match.hasDestination else { return entry }
                var entry = entry
                entry.destinationId = entry.candidates.first?.id ?? fallback(kind)
                entry.destinationName = nil
                entry.match = .manual
                entry.candidates = []
                return entry
            }
        }
        file.queues = resolve(queues, .queues)
        file.flows = resolve(flows, .flows)
        file.wrapupCodes = resolve(wrapupCodes, .wrapupCodes)
        return file
    }
}
