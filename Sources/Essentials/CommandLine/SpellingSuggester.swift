/// Finds the intended word behind a misspelt one, for "did you mean ...?" messages.
public enum SpellingSuggester {
    /// The candidate `typed` most likely meant, or `nil` when none is close enough.
    ///
    /// Comparison ignores case. A candidate qualifies when its edit distance (insertions,
    /// deletions, substitutions and swaps of adjacent letters) is at most 1 for words of up to
    /// three letters and at most 2 otherwise; the nearest wins, ties going to the earlier
    /// candidate. Failing that, a `typed` of two letters or more that begins exactly one
    /// candidate suggests it (`rec` → `records`).
    public static func suggestion(for typed: String, among candidates: [String]) -> String? {
        let word = typed.lowercased()
        guard !word.isEmpty else { return nil }
        let limit = word.count <= 3 ? 1 : 2
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = Self.distance(word, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        if let best { return best.candidate }
        guard word.count >= 2 else { return nil }
        let extensions = candidates.filter { $0.lowercased().hasPrefix(word) }
        return extensions.count == 1 ? extensions[0] : nil
    }

    /// The optimal-string-alignment distance between `a` and `b`: the fewest single-character
    /// insertions, deletions, substitutions and adjacent transpositions turning one into the other.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rolling rows: the transposition step looks two rows back.
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
