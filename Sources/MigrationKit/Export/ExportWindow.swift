import Essentials

/// One export window: `[start, end)` on records' `startTime` (contract §6).
public struct ExportWindow: Sendable, Hashable {
    public var start: ISOTimestamp
    public var end: ISOTimestamp

    public init(start: ISOTimestamp, end: ISOTimestamp) {
        self.start = start
        self.end = end
    }

    /// `20240304T000000Z_20240305T000000Z`: sorts by time, and is a file name.
    public var name: String { "\(Self.compact(start))_\(Self.compact(end))" }

    /// Whether `time` lies in the window.
    public func contains(_ time: ISOTimestamp) -> Bool { time >= start && time < end }

    /// `YYYYMMDDTHHMMSSZ`.
    static func compact(_ time: ISOTimestamp) -> String {
        let text = time.description  // YYYY-MM-DDTHH:MM:SS.mmmZ
        return text.prefix(19).filter { $0 != "-" && $0 != ":" } + "Z"
    }
}
