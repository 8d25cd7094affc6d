import Essentials
import Testing

@testable import MigrationKit

@Suite("Export range and windows")
struct ExportRangeTests {
    static let now = ISOTimestamp(year: 2026, month: 12, day: 2, hour: 12)

    @Test("days cut into windows named by their range, the last one shorter")
    func windows() throws {
        let range = try ExportRange(from: ISOTimestamp(year: 2024, month: 3, day: 4), to: ISOTimestamp(year: 2024, month: 3, day: 6, hour: 12),
                                    window: "1d", now: Self.now)
        #expect(range.windows.map(\.name) == ["20240304T000000Z_20240305T000000Z", "20240305T000000Z_20240306T000000Z",
                                              "20240306T000000Z_20240306T120000Z"])
        let hours = try ExportRange(from: ISOTimestamp(year: 2024, month: 3, day: 4), to: ISOTimestamp(year: 2024, month: 3, day: 4, hour: 18),
                                    window: "6h", now: Self.now)
        #expect(hours.windows.count == 3)
        #expect(hours.windows[1].start == ISOTimestamp(year: 2024, month: 3, day: 4, hour: 6))
        #expect(hours.windows[1].contains(ISOTimestamp(year: 2024, month: 3, day: 4, hour: 6)))
        #expect(!hours.windows[1].contains(ISOTimestamp(year: 2024, month: 3, day: 4, hour: 12)))
    }

    @Test("window lengths from 1h to 31d only")
    func lengths() {
        #expect(ExportRange.windowLength("1h") == 3_600_000)
        #expect(ExportRange.windowLength("31d") == Int64(31) * 86_400_000)
        for bad in ["0h", "32d", "745h", "1w", "d", "", "-1d", "1.5d", "30m"] {
            #expect(ExportRange.windowLength(bad) == nil, "\(bad)")
        }
    }

    @Test("an empty or reversed range, and one ending within 15 minutes of now, are refused")
    func refusals() {
        let day = ISOTimestamp(year: 2024, month: 1, day: 1)
        #expect(throws: ExportOptionsError.emptyRange(from: day, to: day)) { try ExportRange(from: day, to: day, now: Self.now) }
        #expect(throws: ExportOptionsError.badWindow("32d")) { try ExportRange(from: day, to: day.adding(seconds: 86_400), window: "32d", now: Self.now) }
        let close = Self.now.adding(seconds: -10 * 60)
        let error = #expect(throws: ExportOptionsError.self) { try ExportRange(from: day, to: close, now: Self.now) }
        #expect(error == .tooRecent(windowEnd: close, latest: Self.now.adding(seconds: -15 * 60)))
        #expect(error?.description.contains("2026-12-02T11:45:00.000Z") == true)
        #expect(throws: Never.self) { try ExportRange(from: day, to: Self.now.adding(seconds: -15 * 60), now: Self.now) }
    }

    @Test("times are dates or ISO-8601 UTC; anything else names the option")
    func times() throws {
        #expect(try ExportRange.time("2024-03-04", option: "from") == ISOTimestamp(year: 2024, month: 3, day: 4))
        #expect(try ExportRange.time("2024-03-04T06:30:00Z", option: "from") == ISOTimestamp(year: 2024, month: 3, day: 4, hour: 6, minute: 30))
        #expect(throws: ExportOptionsError.badTime(option: "to", value: "2024-03-04T06:30:00+02:00")) {
            try ExportRange.time("2024-03-04T06:30:00+02:00", option: "to")
        }
    }
}
