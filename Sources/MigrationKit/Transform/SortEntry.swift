/// Where one record held by a ``SortBuffer`` is: its key at `offset` in the arena, its line
/// right after; and the key's first eight bytes, so that most comparisons are decided without
/// reading the arena (a random access, and a cache miss, per record).
struct SortEntry {
    /// The key's first byte, from the start of the arena.
    var offset: Int
    /// The key's length in bytes.
    var keyLength: UInt32
    /// The line's length in bytes.
    var lineLength: UInt32
    /// The key's first eight bytes, big-endian, zero-padded: a smaller head means a smaller key;
    /// equal heads decide nothing.
    var head: UInt64

    /// The head of `key`.
    @inline(__always)
    static func head(of key: UnsafeRawBufferPointer) -> UInt64 {
        var head: UInt64 = 0
        for i in 0..<8 {
            head <<= 8
            if i < key.count { head |= UInt64(key[i]) }
        }
        return head
    }
}
