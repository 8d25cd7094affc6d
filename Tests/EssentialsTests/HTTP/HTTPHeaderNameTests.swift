import Testing

@testable import Essentials

@Suite("HTTP header names")
struct HTTPHeaderNameTests {
    @Test("names match regardless of ASCII case, and only then")
    func matching() {
        #expect(HTTPHeaderName.matches("Retry-After", "retry-after"))
        #expect(HTTPHeaderName.matches("ININ-Correlation-Id", "inin-correlation-id"))
        #expect(HTTPHeaderName.matches("", ""))
        #expect(!HTTPHeaderName.matches("Retry-After", "Retry-Afte"))
        #expect(!HTTPHeaderName.matches("Content-Length", "Content_Length"))
        // '[' (0x5B) and '{' (0x7B) differ by the case bit but are not letters.
        #expect(!HTTPHeaderName.matches("a[", "a{"))
        #expect(!HTTPHeaderName.matches("K", "\u{212A}"))
    }

    @Test("looks up the first field of a name")
    func lookup() {
        let fields: [(name: String, value: String)] = [("Content-Type", "application/json"), ("x-a", "1"), ("X-A", "2")]
        #expect(HTTPHeaderName.value(of: "content-type", in: fields) == "application/json")
        #expect(HTTPHeaderName.value(of: "X-a", in: fields) == "1")
        #expect(HTTPHeaderName.value(of: "Location", in: fields) == nil)
    }
}
