import Testing

@testable import Essentials

@Suite("Percent encoding")
struct PercentEncodingTests {
    // Expected forms as JavaScript's encodeURIComponent gives them, less its extra kept
    // characters (! ' ( ) *), which RFC 3986 reserves.
    @Test("keeps RFC 3986's unreserved characters and escapes every other byte upper-case")
    func encodes() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.encode("a b") == "a%20b")
        #expect(PercentEncoding.encode("/?&=#+%") == "%2F%3F%26%3D%23%2B%25")
        #expect(PercentEncoding.encode("!'()*") == "%21%27%28%29%2A")
        #expect(PercentEncoding.encode("é") == "%C3%A9")
        #expect(PercentEncoding.encode("😀") == "%F0%9F%98%80")
        #expect(PercentEncoding.encode("") == "")
    }

    @Test("decodes escapes in either case, + as a space in query strings, and keeps malformed escapes")
    func decodes() {
        #expect(PercentEncoding.decode("a%20b+c") == "a b c")
        #expect(PercentEncoding.decode("a+b", plusAsSpace: false) == "a+b")
        #expect(PercentEncoding.decode("%c3%A9") == "é")
        #expect(PercentEncoding.decode("100%") == "100%")
        #expect(PercentEncoding.decode("%zz%4") == "%zz%4")
        #expect(PercentEncoding.decode("%FF") == "\u{FFFD}")
    }

    @Test("decoding what was encoded gives the text back")
    func roundTrip() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let scalars = (0..<Int(random.next() % 12)).compactMap { _ in Unicode.Scalar(UInt32(random.next() % 0x2FF)) }
            let text = String(String.UnicodeScalarView(scalars))
            #expect(PercentEncoding.decode(PercentEncoding.encode(text)) == text)
        }
    }
}
