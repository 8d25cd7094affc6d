import Essentials

/// The windows of an export: `[from, to)` cut into windows of one length (the last may be
/// shorter), every one ending at least 15 minutes before now.
public struct ExportRange: Sendable, Equatable {
    /// How close to now a window may end: data arrives late (contract §9).
    public static let settlingMilliseconds: Int64 = 15 * 60_000

    public var from: ISOTimestamp
    public var to: ISOTimestamp
    /// The window length in milliseconds.
    public var windowMilliseconds: Int64

    /// Checks the range and the window length (`1h`…`31d`) against `now`.
    ///
    /// - Throws: ``ExportOptionsError``.
    public init(from: ISOTimestamp, to: ISOTimestamp, window: String = "1d", now: ISOTimestamp) throws(ExportOptionsError) {
        guard from < to else { throw .emptyRange(from: from, to: to) }
        guard let length = Self.windowLength(window) else { throw .badWindow(window) }
        let latest = now.adding(milliseconds: -Self.settlingMilliseconds)
        guard to <= latest else {
            let floored = ISOTimestamp(millisecondsSinceEpoch: latest.millisecondsSinceEpoch / 60_000 * 60_000)
            throw .tooRecent(windowEnd: to, latest: floored)
        }
        self.from = from
        self.to = to
        windowMilliseconds = length
    }

    /// Parses `--from`/`--to`: a date (midnight UTC) or an ISO-8601 UTC time.
    public static func time(_ text: String, option: String) throws(ExportOptionsError) -> ISOTimestamp {
        guard let time = ISOTimestamp(text) else {
            throw .badTime(option: option, value: text)
        }
        return time
    }

    /// `6h` or `7d` in milliseconds, between one hour and 31 days; nil otherwise.
    static func windowLength(_ text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0 else { return nil }
        let hours: Int64
        switch unit {
        case "h": hours = count
        case "d": hours = count * 24
        default: return nil
        }
        guard hours >= 1, hours <= 31 * 24 else { return nil }
        return hours * 3_600_000
    }

    /// The windows, in time order.
    public var windows: [ExportWindow] {
        var out: [ExportWindow] = []
        var start = from
        while start < to {
            let end = min(to, start.adding(milliseconds: windowMilliseconds))
            out.append(ExportWindow(start: start, end: end))
            start = end
        }
        return out
    }
}
