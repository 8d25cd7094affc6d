import Essentials

/// Why the export's range or options were refused, before anything was asked of the org.
public enum ExportOptionsError: Error, Equatable, CustomStringConvertible {
    /// `--from` or `--to` is not a date or an ISO time in UTC.
    case badTime(option: String, value: String)
    /// `--to` is not after `--from`.
    case emptyRange(from: ISOTimestamp, to: ISOTimestamp)
    /// `--window` is not `Nh` or `Nd` between 1h and 31d.
    case badWindow(String)
    /// A window would end less than 15 minutes before now, when late data may still arrive.
    case tooRecent(windowEnd: ISOTimestamp, latest: ISOTimestamp)
    /// `--types` names a type §6 doesn't know, or none.
    case badTypes(String)
    /// An analytics window ends after the org's data is complete.
    case dataNotAvailable(windowEnd: ISOTimestamp, availableUntil: ISOTimestamp)

    public var description: String {
        switch self {
        case let .badTime(option, value):
            return "--\(option) '\(value)' is not a time; give a date (2024-03-04) or an ISO-8601 UTC time (2024-03-04T06:00:00Z)"
        case let .emptyRange(from, to):
            return "--to \(to) is not after --from \(from); --from is inclusive and --to exclusive, so give a later --to"
        case let .badWindow(value):
            return "--window '\(value)' is not a window length; give hours or days from 1h to 31d, such as 6h, 1d or 7d"
        case let .tooRecent(windowEnd, latest):
            return "the window ending \(windowEnd) ends less than 15 minutes before now, and interactions may still be arriving for it; give --to \(latest) or earlier"
        case let .badTypes(value):
            return "--types '\(value)' must list some of voice, chat, email, message, callback, separated by commas"
        case let .dataNotAvailable(windowEnd, availableUntil):
            return "the source org's analytics data is complete only up to \(availableUntil) (its dataAvailabilityDate), and the window ending \(windowEnd) ends after that; give --to \(availableUntil) or earlier, or wait"
        }
    }
}
