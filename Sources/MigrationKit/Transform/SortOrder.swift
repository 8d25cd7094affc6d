#if canImport(Glibc)
import Glibc
#endif

/// The order ``ExternalSorter`` emits records in: by key bytes (memcmp order of the UTF-8 key,
/// a prefix first), then by line bytes the same way.
///
/// Two records that compare equal are byte-identical, so any correct sort, stable or not, in
/// memory or merged from runs, gives the same output.
enum SortOrder {
    /// Negative, zero or positive as `a` sorts before, with or after `b`, byte by byte.
    @inline(__always)
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let result = memcmp(a.baseAddress!, b.baseAddress!, common)
            if result != 0 { return Int(result) }
        }
        return a.count - b.count
    }

    /// Whether record (`keyA`, `lineA`) sorts strictly before record (`keyB`, `lineB`).
    @inline(__always)
    static func precedes(
        _ keyA: UnsafeRawBufferPointer, _ lineA: UnsafeRawBufferPointer,
        _ keyB: UnsafeRawBufferPointer, _ lineB: UnsafeRawBufferPointer
    ) -> Bool {
        let byKey = compare(keyA, keyB)
        return byKey != 0 ? byKey < 0 : compare(lineA, lineB) < 0
    }
}
