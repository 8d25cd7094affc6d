import MigrationKit
import Testing

@Suite("Name normaliser")
struct NameNormalizerTests {
    @Test(
        "names people would call the same normalise alike",
        arguments: [
            ("Billing Support", "billing support"),
            ("BROADBAND SALES", "Broadband Sales"),
            ("  Business Billing", "Business Billing"),
            ("Security  Billing", "Security Billing"),
            (" complaints ", "Complaints"),
            ("Ｂｉｌｌｉｎｇ", "Billing"),  // full-width letters (NFKC)
            ("Tech\tSupport\n", "tech support"),  // any white space
            ("Tech\u{00A0}Support", "Tech Support"),  // no-break space
            ("Tech\u{3000}Support", "Tech Support"),  // ideographic space
            ("Ｔｅｃｈ　Ｓｕｐｐｏｒｔ", "tech support"),
            ("Straße", "STRASSE"),  // full case folding, not lower-casing
            ("ﬁnance", "Finance"),  // ligature
            ("Cafe\u{301}", "CAFÉ"),  // decomposed and precomposed accents
        ]
    )
    func sameName(a: String, b: String) {
        #expect(NameNormalizer.normalize(a) == NameNormalizer.normalize(b))
    }

    @Test(
        "names that differ in letters or accents stay different",
        arguments: [("Résumé", "Resume"), ("Billing", "Billings"), ("Tech Support", "TechSupport"), ("Sales 1", "Sales l")]
    )
    func differentName(a: String, b: String) {
        #expect(NameNormalizer.normalize(a) != NameNormalizer.normalize(b))
    }

    @Test("the normal form is trimmed, single-spaced, lower-case, and stable")
    func form() {
        #expect(NameNormalizer.normalize("  Ｂｉｌｌｉｎｇ   SUPPORT\t") == "billing support")
        #expect(NameNormalizer.normalize("") == "")
        #expect(NameNormalizer.normalize(" \t ") == "")
        for name in ["İstanbul Desk", "ΣΊΣΥΦΟΣ", "Ⅻ Team", "Straße  Nord"] {
            let once = NameNormalizer.normalize(name)
            #expect(NameNormalizer.normalize(once) == once, "\(name)")
        }
    }
}
