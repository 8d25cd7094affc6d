#if canImport(Glibc)
import Glibc
#endif

/// CPU time this process has used (user + system, every thread), from `getrusage(RUSAGE_SELF)`,
/// so that a benchmark can report the CPU seconds of the phase it times.
public enum ProcessCPUTime {
    /// User plus system CPU seconds of this process so far.
    public static func seconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return seconds(of: usage)
    }

    /// User plus system CPU seconds of `usage` (as `getrusage` or `wait4` fill it in).
    public static func seconds(of usage: rusage) -> Double {
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
