import Essentials
import Testing

@Suite("ISO-8601 timestamps")
struct ISOTimestampTests {
    // Epoch milliseconds from `date -u -d ... +%s%3N` (GNU date), the outside reference.
    @Test("formats known instants", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_705_312_800_000), "2024-01-15T10:00:00.000Z"),
        (Int64(1_709_164_799_999), "2024-02-28T23:59:59.999Z"),
        (Int64(1_709_251_200_123), "2024-03-01T00:00:00.123Z"),
        (Int64(951_782_400_000), "2000-02-29T00:00:00.000Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
    ])
    func format(_ ms: Int64, _ text: String) {
        #expect(ISOTimestamp(millisecondsSinceEpoch: ms).description == text)
        #expect(ISOTimestamp(text)?.millisecondsSinceEpoch == ms)
    }

    @Test("accepts dates and other fraction lengths")
    func parseForms() {
        #expect(ISOTimestamp("2024-01-15")?.description == "2024-01-15T00:00:00.000Z")
        #expect(ISOTimestamp("2024-01-15T10:00:00Z")?.description == "2024-01-15T10:00:00.000Z")
        #expect(ISOTimestamp("2024-01-15T10:00:00.5Z")?.description == "2024-01-15T10:00:00.500Z")
        #expect(ISOTimestamp("2024-01-15T10:00:00.123456Z")?.description == "2024-01-15T10:00:00.123Z")
    }

    @Test("refuses what is not a UTC timestamp", arguments: [
        "", "2024-1-15", "2024-13-01", "2023-02-29", "2024-01-15T24:00:00Z", "2024-01-15T10:00:00+01:00",
        "2024-01-15T10:00:00.Z", "2024-01-15 10:00:00Z", "2024-01-15T10:00:00.000", "yesterday",
    ])
    func refuses(_ text: String) {
        #expect(ISOTimestamp(text) == nil)
    }
}
