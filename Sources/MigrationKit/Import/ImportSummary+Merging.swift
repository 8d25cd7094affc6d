extension ImportSummary {
    /// Folds in `other`, an import of other windows of the same migration (`run` imports window
    /// by window): windows, chunks and counts add up, missing references of the same id merge.
    public mutating func merge(_ other: ImportSummary) {
        windows.append(contentsOf: other.windows)
        windows.sort { $0.window < $1.window }
        notImportable.append(contentsOf: other.notImportable)
        notImportable.sort { $0.window < $1.window }
        chunks.append(contentsOf: other.chunks)
        chunks.sort { ($0.window, $0.index) < ($1.window, $1.index) }
        var byReference: [String: MissingReference] = [:]
        for missing in missingReferences + other.missingReferences {
            let key = "\(missing.kind.key)/\(missing.id.lowercased())"
            if var known = byReference[key] {
                known.records += missing.records
                byReference[key] = known
            } else {
                byReference[key] = missing
            }
        }
        missingReferences = byReference.values.sorted { ($0.kind.key, $0.id) < ($1.kind.key, $1.id) }
        archivedStateFile = archivedStateFile ?? other.archivedStateFile
        posts += other.posts
        polls += other.polls
        rateLimited = max(rateLimited, other.rateLimited)
        seconds += other.seconds
    }
}
