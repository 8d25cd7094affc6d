#if canImport(Glibc)
import Glibc
#endif

/// A monotonic stopwatch for benchmarks and progress rates.
public struct Stopwatch: Sendable {
    private var last: UInt64

    /// Starts timing now.
    public init() { last = Stopwatch.nanoseconds() }

    /// Seconds since the start or the previous lap; starts the next lap.
    public mutating func lap() -> Double {
        let now = Stopwatch.nanoseconds()
        defer { last = now }
        return Double(now - last) / 1e9
    }

    /// Seconds since the start or the previous lap, without starting a new one.
    public var elapsed: Double { Double(Stopwatch.nanoseconds() - last) / 1e9 }

    /// The monotonic clock, in nanoseconds.
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
