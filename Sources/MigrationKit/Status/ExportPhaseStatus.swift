import Essentials

/// The export phase as the state file records it, per window, for `status`.
public struct ExportPhaseStatus: Sendable, Equatable {
    /// One recorded window.
    public struct Window: Sendable, Equatable {
        /// The window's name: its range, `20240301T000000Z_20240302T000000Z`.
        public var name: String
        public var start: ISOTimestamp
        public var end: ISOTimestamp
        public var status: ExportWindowState.Status
        /// Records in its file (once completed).
        public var records: Int
        /// Conversations left out (analytics: not final yet, or an unknown media type).
        public var leftOut: Int
        /// SHA-256 of its file, once completed.
        public var sha256: String?
        public var lastError: String?
    }

    /// The range of `export` that makes the recorded windows again: `--from`, `--to`, and
    /// `--window` when it is not the default `1d`.
    public struct Range: Sendable, Equatable {
        public var from: ISOTimestamp
        public var to: ISOTimestamp
        /// `6h`, `7d`; nil for the default, one day.
        public var window: String?

        /// `--from F --to T [--window L]`, with dates where the times are midnights.
        public var options: [String] {
            ["--from", Self.text(from), "--to", Self.text(to)] + (window.map { ["--window", $0] } ?? [])
        }

        /// `2024-03-01` for a midnight, else the full time.
        static func text(_ time: ISOTimestamp) -> String {
            time.millisecondsSinceEpoch % 86_400_000 == 0 ? String(time.description.prefix(10)) : time.description
        }
    }

    public var sourceOrgId: String?
    public var sourceOrgName: String?
    /// Every recorded window, in time order (the order of their names).
    public var windows: [Window]

    public init(_ state: ExportState) {
        sourceOrgId = state.sourceOrgId
        sourceOrgName = state.sourceOrgName
        windows = state.windows.sorted { $0.key < $1.key }.map { name, window in
            Window(name: name, start: window.start, end: window.end, status: window.status, records: window.recordCount,
                   leftOut: window.leftOut, sha256: window.sha256, lastError: window.lastError)
        }
    }

    public var completed: [Window] { windows.filter { $0.status == .completed } }
    public var failed: [Window] { windows.filter { $0.status == .failed } }
    /// Windows with a job in flight, or left so by a run that stopped.
    public var unfinished: [Window] { windows.filter { $0.status == .submitted } }
    /// Records in the completed windows' files.
    public var records: Int { completed.reduce(0) { $0 + $1.records } }
    /// Whether something was exported and every recorded window is complete.
    public var isDone: Bool { !windows.isEmpty && windows.allSatisfy { $0.status == .completed } }

    /// The range that makes the recorded windows again. When the windows do not tile one range
    /// (two exports of separate ranges), the range of the windows not complete, so that the
    /// export does not take in windows never asked for; nil when nothing is recorded.
    public var range: Range? {
        guard !windows.isEmpty else { return nil }
        if let exact = Self.range(covering: windows, within: windows) { return exact }
        let open = windows.filter { $0.status != .completed }
        if !open.isEmpty, let narrower = Self.range(covering: open, within: windows) { return narrower }
        // No window length makes exactly these windows: the whole span, in the longest length.
        let from = windows.map(\.start).min()!, to = windows.map(\.end).max()!
        return Range(from: from, to: to, window: Self.lengths(of: windows).last.flatMap { $0 == "1d" ? nil : $0 })
    }

    /// The range from the first start to the last end of `subset`, with a window length whose
    /// windows are exactly the recorded windows (of `all`) that lie in it; nil when none is.
    static func range(covering subset: [Window], within all: [Window]) -> Range? {
        let from = subset.map(\.start).min()!, to = subset.map(\.end).max()!
        let recorded = Set(all.filter { $0.start >= from && $0.end <= to }.map(\.name))
        for length in lengths(of: subset) {
            guard let milliseconds = ExportRange.windowLength(length) else { continue }
            var names = Set<String>()
            var start = from
            while start < to {
                let end = min(to, start.adding(milliseconds: milliseconds))
                names.insert(ExportWindow(start: start, end: end).name)
                start = end
            }
            if names == recorded { return Range(from: from, to: to, window: length == "1d" ? nil : length) }
        }
        return nil
    }

    /// The window lengths to try: the default first, then the longest recorded window's (in
    /// whole days when it is, else hours) when `--window` can say it.
    static func lengths(of windows: [Window]) -> [String] {
        let longest = windows.map { $0.end.millisecondsSinceEpoch - $0.start.millisecondsSinceEpoch }.max() ?? 0
        var out = ["1d"]
        if longest > 0, longest % 3_600_000 == 0 {
            let hours = longest / 3_600_000
            let text = hours % 24 == 0 ? "\(hours / 24)d" : "\(hours)h"
            if text != "1d", ExportRange.windowLength(text) != nil { out.append(text) }
        }
        return out
    }
}
