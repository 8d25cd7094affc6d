import Essentials
import Testing

@Suite("SpellingSuggester")
struct SpellingSuggesterTests {
    @Test(arguments: [
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "", 3),
        ("records", "records", 0),
        ("records", "recrods", 1),  // adjacent swap
        ("to", "ot", 1),
        ("too", "to", 1),
        ("kitten", "sitting", 3),
        ("ca", "abc", 3),  // optimal string alignment, not unrestricted Damerau–Levenshtein (2)
        ("export", "exprt", 1),
    ])
    func distance(_ a: String, _ b: String, _ expected: Int) {
        #expect(SpellingSuggester.distance(a, b) == expected)
        #expect(SpellingSuggester.distance(b, a) == expected)
    }

    @Test(arguments: [
        ("too", ["from", "to", "tag"], "to"),
        ("recrods", ["records", "dry-run"], "records"),
        ("TO", ["from", "to"], "to"),
        ("ta", ["to", "tag"], "to"),  // a tie goes to the earlier candidate
        ("rec", ["records", "dry-run"], "records"),  // unique prefix
        ("zzz", ["from", "to"], nil),
        ("tax", ["to"], nil),  // two edits away, but short words allow one edit only
        ("rec", ["records", "recursive"], nil),  // ambiguous prefix
        ("r", ["records"], nil),  // one letter is no prefix to go on
        ("", ["to"], nil),
    ] as [(String, [String], String?)])
    func suggestion(_ typed: String, _ candidates: [String], _ expected: String?) {
        #expect(SpellingSuggester.suggestion(for: typed, among: candidates) == expected)
    }
}
