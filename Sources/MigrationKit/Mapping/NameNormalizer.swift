import Foundation

/// The normalised form of a routing entity's name, for matching names that people would call the
/// same: `"Ｂｉｌｌｉｎｇ  Support "` and `"billing support"` normalise alike.
///
/// Steps, in order:
/// 1. Unicode NFKC: full-width and other compatibility forms become their plain letters
///    (`Ｂ` → `B`, `ﬁ` → `fi`), no-break and ideographic spaces become spaces.
/// 2. Case folding, locale-independent (`ß` → `ss`, final `ς` → `σ`), then NFKC again, since
///    folding can leave text that is not in NFKC. Full folding rather than `lowercased()`, so
///    names that differ only in case always compare equal, whatever the script.
/// 3. Whitespace (any Unicode white space) trimmed, inner runs collapsed to one space.
///
/// Accents and other marks are kept: `Résumé` and `Resume` are different names.
public enum NameNormalizer {
    /// The normalised form of `name`. Normalising twice gives the same result as once.
    public static func normalize(_ name: String) -> String {
        let folded = name.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCompatibilityMapping
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
