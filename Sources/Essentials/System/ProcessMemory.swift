#if canImport(Glibc)
import Glibc
#endif

/// The process's own memory figures, read from `/proc/self/status` (Linux).
public enum ProcessMemory {
    /// Peak resident set size (`VmHWM`) in bytes, or nil where /proc does not tell it.
    public static func peakResidentBytes() -> Int? { statusField("VmHWM:") }

    /// Current resident set size (`VmRSS`) in bytes, or nil where /proc does not tell it.
    public static func residentBytes() -> Int? { statusField("VmRSS:") }

    private static func statusField(_ name: String) -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix(name) else { continue }
            // "VmHWM:	  123456 kB"
            let digits = text.dropFirst(name.count).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
