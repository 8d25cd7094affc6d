/// An instant in UTC with millisecond precision, written as the contract writes every time:
/// ISO-8601 with milliseconds and a `Z`, e.g. `2024-01-15T10:00:00.000Z`.
///
/// Formatting and parsing are done here, by arithmetic on the proleptic Gregorian calendar, so they
/// are exact, fast and independent of the machine's locale and time zone.
public struct ISOTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00.000Z.
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The instant `seconds` after the epoch (fractions kept to the millisecond, rounded down).
    public init(secondsSinceEpoch seconds: Double) {
        millisecondsSinceEpoch = Int64((seconds * 1000).rounded(.down))
    }

    /// Midnight UTC of a calendar day.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        let days = ISOTimestamp.daysFromCivil(year: year, month: month, day: day)
        millisecondsSinceEpoch = ((Int64(days) * 24 + Int64(hour)) * 60 + Int64(minute)) * 60_000
            + Int64(second) * 1000 + Int64(millisecond)
    }

    /// Seconds since the epoch.
    public var secondsSinceEpoch: Double { Double(millisecondsSinceEpoch) / 1000 }

    /// This instant moved by `milliseconds`.
    public func adding(milliseconds: Int64) -> ISOTimestamp {
        ISOTimestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// This instant moved by `seconds`.
    public func adding(seconds: Int64) -> ISOTimestamp { adding(milliseconds: seconds * 1000) }

    public static func < (a: ISOTimestamp, b: ISOTimestamp) -> Bool {
        a.millisecondsSinceEpoch < b.millisecondsSinceEpoch
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var description: String {
        let ms = millisecondsSinceEpoch
        var days = ms / 86_400_000
        var rest = ms % 86_400_000
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        let (y, m, d) = ISOTimestamp.civilFromDays(Int(days))
        let hour = Int(rest / 3_600_000), minute = Int(rest / 60_000 % 60)
        let second = Int(rest / 1000 % 60), milli = Int(rest % 1000)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(milli, 3))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (1 to 9 fraction digits, kept to the millisecond), or a
    /// bare date `YYYY-MM-DD` (midnight UTC). Returns nil for anything else, including offsets other
    /// than `Z` and out-of-range fields.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                let d = Int(b[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            (1...12).contains(month), day >= 1, day <= ISOTimestamp.daysInMonth(year: year, month: month)
        else { return nil }
        if b.count == 10 {
            self.init(year: year, month: month, day: day)
            return
        }
        guard b.count >= 20, b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            hour < 24, minute < 60, second < 60, b.last == UInt8(ascii: "Z")
        else { return nil }
        var millisecond = 0
        if b.count > 20 {
            guard b[19] == UInt8(ascii: "."), b.count - 21 >= 1, b.count - 21 <= 9,
                let fraction = number(20, b.count - 21)
            else { return nil }
            let digits = b.count - 21
            millisecond = digits >= 3 ? fraction / Int(ISOTimestamp.pow10(digits - 3)) : fraction * Int(ISOTimestamp.pow10(3 - digits))
        } else if b.count != 20 {
            return nil
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millisecond)
    }

    private static func pow10(_ n: Int) -> Int64 {
        var v: Int64 = 1
        for _ in 0..<n { v *= 10 }
        return v
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

#if canImport(Glibc)
import Glibc

extension ISOTimestamp {
    /// The current wall-clock time.
    public static func now() -> ISOTimestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ISOTimestamp(millisecondsSinceEpoch: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}
#endif
