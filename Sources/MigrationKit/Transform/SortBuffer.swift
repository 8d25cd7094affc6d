#if canImport(Glibc)
import Glibc
#endif

/// The records ``ExternalSorter`` holds in memory between spills, in one anonymous mapping of
/// `limit` bytes (rounded up to whole pages).
///
/// Key and line bytes are packed into an arena that grows up from the start of the mapping; the
/// 24-byte entries that locate them grow down from its end. Nothing is allocated per record, the
/// sort is in place (introsort, no scratch buffer), and a full buffer is reused after a spill, so
/// the memory touched never exceeds the mapping: `arena bytes + 24 × records ≤ limit`. Pages not
/// yet written are not resident, so a large limit costs nothing until records arrive.
final class SortBuffer {
    /// Bytes accounted per record on top of its key and line: one `SortEntry`.
    static let entrySize = MemoryLayout<SortEntry>.stride

    /// The most bytes, arena plus entries, the buffer holds.
    let limit: Int
    /// The mapping's start.
    private let base: UnsafeMutableRawPointer
    /// The mapping's length: `limit` rounded up to whole pages.
    private let mappedSize: Int
    /// Arena bytes in use, from `base`.
    private var arenaUsed = 0
    /// Records held.
    private(set) var count = 0

    /// Maps `limit` bytes (reserved, not yet resident).
    ///
    /// - Throws: `ExternalSortError.cannotReserveMemory` when the system refuses the mapping.
    init(limit: Int) throws {
        let page = max(4096, sysconf(Int32(_SC_PAGESIZE)))
        let mappedSize = (max(limit, Self.entrySize) + page - 1) / page * page
        let address = mmap(nil, mappedSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let address, address != MAP_FAILED else {
            throw ExternalSortError.cannotReserveMemory(bytes: mappedSize, errno: errno)
        }
        self.limit = limit
        self.base = address
        self.mappedSize = mappedSize
    }

    deinit {
        munmap(base, mappedSize)
    }

    /// Whether a record of `bytes` key and line bytes still fits.
    func fits(recordBytes bytes: Int) -> Bool {
        arenaUsed + (count + 1) * Self.entrySize + bytes <= limit
    }

    /// Copies a record in; the caller checked ``fits(recordBytes:)``.
    func append(key: UnsafeRawBufferPointer, line: UnsafeRawBufferPointer) {
        if let source = key.baseAddress, key.count > 0 {
            (base + arenaUsed).copyMemory(from: source, byteCount: key.count)
        }
        if let source = line.baseAddress, line.count > 0 {
            (base + arenaUsed + key.count).copyMemory(from: source, byteCount: line.count)
        }
        count += 1
        entries[0] = SortEntry(offset: arenaUsed, keyLength: UInt32(key.count), lineLength: UInt32(line.count), head: SortEntry.head(of: key))
        arenaUsed += key.count + line.count
    }

    /// Forgets every record, keeping the mapping for the next ones.
    func removeAll() {
        arenaUsed = 0
        count = 0
    }

    /// Puts the records in ``SortOrder``.
    func sort() {
        let arena = UnsafeRawPointer(base)
        Introsort.sort(entries) { a, b in
            if a.head != b.head { return a.head < b.head }
            return SortOrder.precedes(
                UnsafeRawBufferPointer(start: arena + a.offset, count: Int(a.keyLength)),
                UnsafeRawBufferPointer(start: arena + a.offset + Int(a.keyLength), count: Int(a.lineLength)),
                UnsafeRawBufferPointer(start: arena + b.offset, count: Int(b.keyLength)),
                UnsafeRawBufferPointer(start: arena + b.offset + Int(b.keyLength), count: Int(b.lineLength)))
        }
    }

    /// Calls `body` with each record's key and line, in the entries' current order.
    func forEach(_ body: (_ key: UnsafeRawBufferPointer, _ line: UnsafeRawBufferPointer) throws -> Void) rethrows {
        let arena = UnsafeRawPointer(base)
        for entry in entries {
            try body(
                UnsafeRawBufferPointer(start: arena + entry.offset, count: Int(entry.keyLength)),
                UnsafeRawBufferPointer(start: arena + entry.offset + Int(entry.keyLength), count: Int(entry.lineLength)))
        }
    }

    /// The entries, at the end of the mapping: the newest first until sorted.
    private var entries: UnsafeMutableBufferPointer<SortEntry> {
        let start = (base + mappedSize - count * Self.entrySize).assumingMemoryBound(to: SortEntry.self)
        return UnsafeMutableBufferPointer(start: start, count: count)
    }
}
