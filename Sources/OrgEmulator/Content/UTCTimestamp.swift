/// An instant in UTC with millisecond precision, written the contract's way:
/// `2024-01-15T10:00:00.000Z`.
///
/// The emulator writes its own timestamps instead of using `DateFormatter`: formatting is pure
/// arithmetic on the civil calendar (proleptic Gregorian, no leap seconds), so it is fast, needs
/// no locale, and gives the same text on every machine.
public struct UTCTimestamp: Sendable, Hashable, Comparable {
    /// Milliseconds since 1970-01-01T00:00:00.000Z.
    public var millisecondsSinceEpoch: Int64

    /// The instant `millisecondsSinceEpoch` milliseconds after the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The instant `secondsSinceEpoch` seconds after the Unix epoch.
    public init(secondsSinceEpoch: Int64) {
        millisecondsSinceEpoch = secondsSinceEpoch * 1000
    }

    /// The instant of a civil date and time in UTC, or `nil` when a field is out of range
    /// (month 1–12, day within the month, hour 0–23, minute and second 0–59, millisecond 0–999,
    /// year 0–9999 so that the text form has four digits).
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        guard (0...9999).contains(year), (1...12).contains(month),
            (1...UTCTimestamp.daysInMonth(year: year, month: month)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0...999).contains(millisecond)
        else { return nil }
        let days = UTCTimestamp.daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        millisecondsSinceEpoch = seconds * 1000 + Int64(millisecond)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z`: the contract's form, and also the forms without a
    /// fraction or with 1–9 fraction digits (truncated to milliseconds), which other writers use.
    /// Anything else (an offset other than `Z`, a missing field, an impossible date) is `nil`.
    public init?(iso8601 text: String) {
        var bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        bytes.removeLast()
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let digit = Int(bytes[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        func byte(_ i: Int, is character: Unicode.Scalar) -> Bool { bytes[i] == UInt8(ascii: character) }
        guard byte(4, is: "-"), byte(7, is: "-"), byte(10, is: "T"), byte(13, is: ":"), byte(16, is: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var millisecond = 0
        if bytes.count > 19 {
            let fraction = 20..<bytes.count
            guard byte(19, is: "."), (1...9).contains(fraction.count), let digits = number(fraction) else { return nil }
            var scaled = digits, count = fraction.count
            while count < 3 { scaled *= 10; count += 1 }
            while count > 3 { scaled /= 10; count -= 1 }
            millisecond = scaled
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millisecond)
    }

    /// The contract's text form, `2024-01-15T10:00:00.000Z`.
    public var iso8601: String {
        let milliseconds = millisecondsSinceEpoch
        var days = milliseconds / 86_400_000
        var rest = milliseconds % 86_400_000
        if rest < 0 {
            days -= 1
            rest += 86_400_000
        }
        let (year, month, day) = UTCTimestamp.civilFromDays(days)
        let hour = rest / 3_600_000, minute = rest / 60_000 % 60, second = rest / 1000 % 60, millisecond = rest % 1000
        return String(unsafeUninitializedCapacity: 24) { buffer in
            func put(_ value: Int64, digits: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
                    v /= 10
                }
            }
            put(year, digits: 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, digits: 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, digits: 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(hour, digits: 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(minute, digits: 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(second, digits: 2, at: 17)
            buffer[19] = UInt8(ascii: ".")
            put(millisecond, digits: 3, at: 20)
            buffer[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// This instant moved by `milliseconds` (negative moves back).
    public func adding(milliseconds: Int64) -> UTCTimestamp {
        UTCTimestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    public static func < (lhs: UTCTimestamp, rhs: UTCTimestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    // MARK: - Civil calendar (Howard Hinnant's algorithms, public domain)

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a civil date.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a count of days since 1970-01-01.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
