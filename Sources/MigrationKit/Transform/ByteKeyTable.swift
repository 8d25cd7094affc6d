#if canImport(Glibc)
import Glibc
#endif

/// A read-only hash table from strings, compared byte for byte as UTF-8, to values: the
/// transformer's id lookups, made once per reference of every record.
///
/// Swift's `Dictionary` hashes each key with SipHash, which is built to resist chosen keys and
/// costs more than the rest of a lookup for 36-byte ids. The keys here come from the mapping
/// file, chosen by nobody hostile, so a multiply-and-rotate hash over eight bytes at a time is
/// enough; probing is linear in a table at most half full. Keys are compared byte for byte, like
/// JSON keys and ids elsewhere (NFC and NFD spellings are different ids).
struct ByteKeyTable<Value: Sendable>: Sendable {
    /// Every key's bytes, one after the other.
    private var keyBytes: [UInt8] = []
    /// Per entry: where its key starts in `keyBytes`, its length, and its value.
    private var entries: [(start: Int, count: Int, value: Value)] = []
    /// Slots: an index into `entries` plus one, or 0 for an empty slot. A power of two long.
    private var slots: [Int32]

    /// A table of `pairs`; for a key given more than once, the first value is kept.
    init(_ pairs: [(key: String, value: Value)]) {
        var size = 16
        while size < pairs.count * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        for (key, value) in pairs {
            var key = key
            key.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                var slot = Int(truncatingIfNeeded: Self.hash(raw)) & (size - 1)
                while slots[slot] != 0 {
                    if matches(raw, entry: Int(slots[slot]) - 1) { return }
                    slot = (slot + 1) & (size - 1)
                }
                entries.append((keyBytes.count, raw.count, value))
                keyBytes.append(contentsOf: raw)
                slots[slot] = Int32(entries.count)
            }
        }
    }

    /// The number of distinct keys.
    var count: Int { entries.count }

    /// The value for `key`, if the table has it.
    subscript(key: String) -> Value? {
        var key = key
        return key.withUTF8 { self[bytes: UnsafeRawBufferPointer($0)] }
    }

    /// The value for the key whose UTF-8 is `bytes`, if the table has it.
    subscript(bytes bytes: UnsafeRawBufferPointer) -> Value? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(bytes)) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if matches(bytes, entry: entry - 1) { return entries[entry - 1].value }
            slot = (slot + 1) & mask
        }
    }

    /// Whether `bytes` are the key of `entry`.
    @inline(__always)
    private func matches(_ bytes: UnsafeRawBufferPointer, entry: Int) -> Bool {
        let (start, count, _) = entries[entry]
        guard count == bytes.count else { return false }
        return keyBytes.withUnsafeBytes { all in
            count == 0 || memcmp(all.baseAddress! + start, bytes.baseAddress!, count) == 0
        }
    }

    /// A 64-bit hash of `bytes`: each eight-byte word (the last one zero-padded) is mixed in with a
    /// multiply and a rotation, then the length.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash: UInt64 = 0
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = ((hash ^ word) &* multiplier).rotatedLeft(by: 29)
            offset += 8
        }
        if offset < bytes.count {
            var word: UInt64 = 0
            for index in offset..<bytes.count { word |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
            hash = ((hash ^ word) &* multiplier).rotatedLeft(by: 29)
        }
        hash = (hash ^ UInt64(bytes.count)) &* multiplier
        return hash ^ (hash >> 32)
    }
}

extension UInt64 {
    /// The bits rotated left by `count` (0 < `count` < 64).
    @inline(__always)
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
