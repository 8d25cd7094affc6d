import OrgEmulator
import Testing

@Suite("UTC timestamps")
struct UTCTimestampTests {
    // Reference values from GNU date: `date -u -d @SECONDS +%Y-%m-%dT%H:%M:%S`.
    static let vectors: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00.000Z"),
        (1_705_312_800_000, "2024-01-15T10:00:00.000Z"),
        (1_709_164_800_000, "2024-02-29T00:00:00.000Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (4_107_542_399_999, "2100-02-28T23:59:59.999Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        (1_705_276_800_042, "2024-01-15T00:00:00.042Z"),
    ]

    @Test("formats and parses the reference instants", arguments: vectors)
    func vector(milliseconds: Int64, text: String) {
        let timestamp = UTCTimestamp(millisecondsSinceEpoch: milliseconds)
        #expect(timestamp.iso8601 == text)
        #expect(UTCTimestamp(iso8601: text) == timestamp)
    }

    @Test("civil fields and seconds give the same instant as the text")
    func civil() {
        #expect(UTCTimestamp(year: 2024, month: 1, day: 15, hour: 10)?.iso8601 == "2024-01-15T10:00:00.000Z")
        #expect(UTCTimestamp(year: 2024, month: 2, day: 29, millisecond: 7) == UTCTimestamp(millisecondsSinceEpoch: 1_709_164_800_007))
        #expect(UTCTimestamp(secondsSinceEpoch: 1_705_312_800).iso8601 == "2024-01-15T10:00:00.000Z")
        #expect(UTCTimestamp(year: 2023, month: 2, day: 29) == nil)
        #expect(UTCTimestamp(year: 1900, month: 2, day: 29) == nil)
        #expect(UTCTimestamp(year: 2024, month: 4, day: 31) == nil)
        #expect(UTCTimestamp(year: 2024, month: 1, day: 1, hour: 24) == nil)
    }

    @Test("reads fractions of any length from none to nine digits")
    func fractions() {
        let base: Int64 = 1_705_312_800_000
        #expect(UTCTimestamp(iso8601: "2024-01-15T10:00:00Z")?.millisecondsSinceEpoch == base)
        #expect(UTCTimestamp(iso8601: "2024-01-15T10:00:00.5Z")?.millisecondsSinceEpoch == base + 500)
        #expect(UTCTimestamp(iso8601: "2024-01-15T10:00:00.25Z")?.millisecondsSinceEpoch == base + 250)
        #expect(UTCTimestamp(iso8601: "2024-01-15T10:00:00.123456789Z")?.millisecondsSinceEpoch == base + 123)
    }

    @Test(
        "refuses text that is not a UTC instant",
        arguments: [
            "", "2024-01-15", "2024-01-15T10:00:00.000", "2024-01-15T10:00:00.000+01:00", "2024-01-15 10:00:00.000Z",
            "2024-02-30T00:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-01-15T24:00:00.000Z", "2024-01-15T10:00:00.Z",
            "2024-01-15T10:00:00.1234567890Z", "2024-01-15T10:0a:00.000Z", "+024-01-15T10:00:00.000Z",
        ]
    )
    func refuses(text: String) {
        #expect(UTCTimestamp(iso8601: text) == nil)
    }

    @Test("orders by instant and moves by milliseconds")
    func ordering() {
        let a = UTCTimestamp(millisecondsSinceEpoch: 1000)
        #expect(a < a.adding(milliseconds: 1))
        #expect(a.adding(milliseconds: -1000) == UTCTimestamp(millisecondsSinceEpoch: 0))
    }
}
