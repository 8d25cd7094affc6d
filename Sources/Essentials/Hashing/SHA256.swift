/// An incremental SHA-256 hasher (FIPS 180-4), written in portable Swift.
///
/// Feed bytes with the `update` methods in pieces of any size, then call `finalize()`.
/// The digest depends only on the concatenation of the bytes, never on how they were split.
/// For a single buffer, `SHA256.hash(_:)` does all three steps.
///
/// `SHA256` is a value: copying a hasher forks it, so two copies can go on to hash different
/// suffixes of a shared prefix. Hashing never allocates; the state, the partial block and the
/// scratch space of the compression function all live inline or on the stack.
public struct SHA256: Sendable {
    /// The eight working words of the hash state, `H0` to `H7` in FIPS 180-4.
    private var state: State
    /// Bytes received but not yet compressed: always fewer than one 64-byte block.
    private var pending: Block
    /// How many bytes of `pending` are in use, from 0 to 63.
    private var pendingCount: Int
    /// Total number of bytes received so far (the message length in bytes).
    private var byteCount: UInt64

    /// Creates a hasher in the FIPS 180-4 initial state, ready for the first bytes.
    public init() {
        state = State(
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
        )
        pending = (0, 0, 0, 0, 0, 0, 0, 0)
        pendingCount = 0
        byteCount = 0
    }

    /// Hashes the bytes in `bytes`.
    ///
    /// This is the fast path every other `update` ends in: whole 64-byte blocks are compressed
    /// straight from `bytes` without copying, and only a trailing partial block is kept.
    /// The buffer is not retained after the call returns; an empty buffer is allowed.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        byteCount &+= UInt64(truncatingIfNeeded: remaining)

        if pendingCount > 0 {
            let taken = min(64 - pendingCount, remaining)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) { buffer in
                (buffer.baseAddress! + offset).copyMemory(from: input, byteCount: taken)
            }
            pendingCount += taken
            input += taken
            remaining -= taken
            if pendingCount < 64 { return }
            let block = pending
            withUnsafeBytes(of: block) { buffer in
                Self.compress(&state, buffer.baseAddress!, blockCount: 1)
            }
            pendingCount = 0
        }

        let wholeBlocks = remaining / 64
        if wholeBlocks > 0 {
            Self.compress(&state, input, blockCount: wholeBlocks)
            input += wholeBlocks * 64
            remaining -= wholeBlocks * 64
        }

        if remaining > 0 {
            let count = remaining
            withUnsafeMutableBytes(of: &pending) { buffer in
                buffer.baseAddress!.copyMemory(from: input, byteCount: count)
            }
            pendingCount = remaining
        }
    }

    /// Hashes the bytes of `bytes`, in order.
    ///
    /// Contiguous collections (`[UInt8]`, `ArraySlice<UInt8>`, `Data`, `UnsafeBufferPointer`, ...)
    /// are hashed in place through `withContiguousStorageIfAvailable`; other sequences are copied
    /// through a small stack buffer, which is correct but slower.
    @inlinable
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            updateByCopying(bytes)
        }
    }

    /// Hashes the UTF-8 encoding of `string`, with no terminator and no byte-order mark.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Pads the message, compresses the last block(s) and returns the digest.
    ///
    /// `finalize` consumes the hasher. Because `SHA256` is copyable, finalizing a copy
    /// (`let soFar = hasher.finalize()` while `hasher` is used again afterwards) yields the digest of
    /// the bytes so far and leaves the original free to take more bytes.
    public consuming func finalize() -> SHA256Digest {
        let bitLength = byteCount &* 8
        // Padding: one 0x80 byte, zeros up to 56 mod 64, then the 64-bit big-endian bit length.
        let zeroCount = (pendingCount < 56 ? 55 : 119) - pendingCount
        var padding: (Block, Block) = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
        withUnsafeMutableBytes(of: &padding) { buffer in
            buffer[0] = 0x80
            buffer.storeBytes(
                of: bitLength.bigEndian, toByteOffset: 1 + zeroCount, as: UInt64.self)
            update(UnsafeRawBufferPointer(rebasing: buffer[0 ..< 9 + zeroCount]))
        }
        return SHA256Digest(
            words: state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7)
    }

    /// Returns the SHA-256 digest of `bytes` in one call.
    ///
    /// Equivalent to `update(bytes)` on a fresh hasher followed by `finalize()`, and takes the
    /// same in-place fast path for contiguous collections.
    @inlinable
    public static func hash(_ bytes: some Sequence<UInt8>) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Slow path of `update(_:)` for sequences without contiguous storage: copies through a stack buffer.
    @usableFromInline
    internal mutating func updateByCopying<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        var chunk: Block = (0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        for byte in bytes {
            withUnsafeMutableBytes(of: &chunk) { $0[count] = byte }
            count += 1
            if count == 64 {
                withUnsafeBytes(of: chunk) { update($0) }
                count = 0
            }
        }
        if count > 0 {
            withUnsafeBytes(of: chunk) { update(UnsafeRawBufferPointer(rebasing: $0[0 ..< count])) }
        }
    }
}

extension SHA256 {
    /// The eight 32-bit words of the hash state.
    fileprivate typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    /// 64 bytes of inline storage: one message block, with no heap allocation.
    @usableFromInline
    internal typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Compresses `blockCount` consecutive 64-byte blocks starting at `blocks` into `state`.
    ///
    /// Borrows 768 bytes of stack for the message schedule and round constants, once per call
    /// rather than once per block.
    private static func compress(_ state: inout State, _ blocks: UnsafeRawPointer, blockCount: Int) {
        withUnsafeTemporaryAllocation(of: SIMD4<UInt32>.self, capacity: 48) { buffer in
            compress(
                &state, blocks, blockCount: blockCount,
                scratch: UnsafeMutableRawPointer(buffer.baseAddress!))
        }
    }

    /// The compression loop proper; `scratch` is 768 bytes of 16-byte-aligned memory.
    ///
    /// Layout of `scratch`: bytes 0..<256 hold the message schedule W[0...63], bytes 256..<512
    /// hold W[t] + K[t] (what the rounds consume), bytes 512..<768 hold the round constants K.
    /// The schedule is computed four words at a time in SIMD registers, sixteen rounds ahead of
    /// its use, so that the vector unit works on it while the scalar units run the rounds. The
    /// rounds are unrolled by eight, the period after which the working variables return to
    /// their places; unrolling all 64 measured slower (the loop then no longer fits the
    /// decoded-instruction cache). Measure before changing the shape of this loop.
    private static func compress(
        _ state: inout State, _ blocks: UnsafeRawPointer, blockCount: Int,
        scratch: UnsafeMutableRawPointer
    ) {
        storeRoundConstants(in: scratch)
        var h0 = state.0, h1 = state.1, h2 = state.2, h3 = state.3
        var h4 = state.4, h5 = state.5, h6 = state.6, h7 = state.7
        var block = blocks
        for _ in 0 ..< blockCount {
            for group in 0 ..< 4 {
                loadGroup(group, from: block, into: scratch)
            }
            var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
            var bc = b ^ c
            for t in stride(from: 0, to: 64, by: 8) {
                if t < 48 { expandGroup(t / 4 &+ 4, in: scratch) }
                round(a, b, c, &d, e, f, g, &h, word(t &+ 0, scratch), &bc)
                round(h, a, b, &c, d, e, f, &g, word(t &+ 1, scratch), &bc)
                round(g, h, a, &b, c, d, e, &f, word(t &+ 2, scratch), &bc)
                round(f, g, h, &a, b, c, d, &e, word(t &+ 3, scratch), &bc)
                if t < 48 { expandGroup(t / 4 &+ 5, in: scratch) }
                round(e, f, g, &h, a, b, c, &d, word(t &+ 4, scratch), &bc)
                round(d, e, f, &g, h, a, b, &c, word(t &+ 5, scratch), &bc)
                round(c, d, e, &f, g, h, a, &b, word(t &+ 6, scratch), &bc)
                round(b, c, d, &e, f, g, h, &a, word(t &+ 7, scratch), &bc)
            }
            h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
            h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
            block += 64
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }

    /// The 64 round constants as sixteen groups of four, stored inline (an array would allocate).
    private typealias RoundConstants = (
        SIMD4<UInt32>, SIMD4<UInt32>, SIMD4<UInt32>, SIMD4<UInt32>,
        SIMD4<UInt32>, SIMD4<UInt32>, SIMD4<UInt32>, SIMD4<UInt32>,
        SIMD4<UInt32>, SIMD4<UInt32>, SIMD4<UInt32>, SIMD4<UInt32>,
        SIMD4<UInt32>, SIMD4<UInt32>, SIMD4<UInt32>, SIMD4<UInt32>
    )

    /// Writes the 64 round constants K (FIPS 180-4 §4.2.2) to bytes 512..<768 of `scratch`.
    @inline(__always)
    private static func storeRoundConstants(in scratch: UnsafeMutableRawPointer) {
        let constants: RoundConstants = (
            SIMD4(0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5),
            SIMD4(0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5),
            SIMD4(0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3),
            SIMD4(0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174),
            SIMD4(0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc),
            SIMD4(0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da),
            SIMD4(0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7),
            SIMD4(0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967),
            SIMD4(0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13),
            SIMD4(0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85),
            SIMD4(0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3),
            SIMD4(0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070),
            SIMD4(0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5),
            SIMD4(0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3),
            SIMD4(0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208),
            SIMD4(0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2)
        )
        scratch.storeBytes(of: constants, toByteOffset: 512, as: RoundConstants.self)
    }

    /// Reads message words 4·`group` ..< 4·`group` + 4 of `block` (big-endian, possibly
    /// unaligned) and stores them, and the same words plus their round constants, in `scratch`.
    @inline(__always)
    private static func loadGroup(
        _ group: Int, from block: UnsafeRawPointer, into scratch: UnsafeMutableRawPointer
    ) {
        let offset = 16 &* group
        let words = SIMD4(
            UInt32(bigEndian: block.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
            UInt32(bigEndian: block.loadUnaligned(fromByteOffset: offset &+ 4, as: UInt32.self)),
            UInt32(bigEndian: block.loadUnaligned(fromByteOffset: offset &+ 8, as: UInt32.self)),
            UInt32(bigEndian: block.loadUnaligned(fromByteOffset: offset &+ 12, as: UInt32.self)))
        let k = scratch.load(fromByteOffset: 512 &+ offset, as: SIMD4<UInt32>.self)
        scratch.storeBytes(of: words, toByteOffset: offset, as: SIMD4<UInt32>.self)
        scratch.storeBytes(of: words &+ k, toByteOffset: 256 &+ offset, as: SIMD4<UInt32>.self)
    }

    /// Computes schedule words W[t...t+3], t = 4·`group` (group 4...15), from the sixteen words
    /// before them, and stores them, and the same words plus their round constants, in `scratch`.
    ///
    /// W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]. The σ1 terms of the upper two lanes
    /// depend on the lower two lanes of the result, hence the two σ1 steps. Rotations are spelled
    /// out as shifts: SSE2 has no vector rotate, and LLVM scalarizes a vector rotate.
    @inline(__always)
    private static func expandGroup(_ group: Int, in scratch: UnsafeMutableRawPointer) {
        let t = 4 &* group
        let w16 = scratch.load(fromByteOffset: 4 &* (t &- 16), as: SIMD4<UInt32>.self)
        let w15 = scratch.loadUnaligned(fromByteOffset: 4 &* (t &- 15), as: SIMD4<UInt32>.self)
        let w7 = scratch.loadUnaligned(fromByteOffset: 4 &* (t &- 7), as: SIMD4<UInt32>.self)
        let sigma0 = (w15 &>> 3) ^ (w15 &>> 7) ^ (w15 &<< 14) ^ (w15 &>> 18) ^ (w15 &<< 25)
        var words = w16 &+ sigma0 &+ w7
        let low = SIMD4(
            scratch.load(fromByteOffset: 4 &* (t &- 2), as: UInt32.self),
            scratch.load(fromByteOffset: 4 &* (t &- 1), as: UInt32.self), 0, 0)
        words &+= (low &>> 10) ^ (low &<< 13) ^ (low &<< 15) ^ (low &>> 17) ^ (low &>> 19)
        let high = SIMD4(0, 0, words[0], words[1])
        words &+= (high &>> 10) ^ (high &<< 13) ^ (high &<< 15) ^ (high &>> 17) ^ (high &>> 19)
        let k = scratch.load(fromByteOffset: 512 &+ 4 &* t, as: SIMD4<UInt32>.self)
        scratch.storeBytes(of: words, toByteOffset: 4 &* t, as: SIMD4<UInt32>.self)
        scratch.storeBytes(of: words &+ k, toByteOffset: 256 &+ 4 &* t, as: SIMD4<UInt32>.self)
    }

    /// W[t] + K[t] from `scratch`: the input of round `t`.
    @inline(__always)
    private static func word(_ t: Int, _ scratch: UnsafeMutableRawPointer) -> UInt32 {
        scratch.load(fromByteOffset: 256 &+ 4 &* t, as: UInt32.self)
    }

    /// Rotates `x` right by `n` bits (0 < n < 32); compiles to a single rotate instruction.
    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    /// Round `t` of the compression function; the caller rotates the roles of the eight variables.
    ///
    /// `wk` is W[t] + K[t]. `bc` carries b ⊕ c in and a ⊕ b out: this round's a ⊕ b is the next
    /// round's b ⊕ c, which saves one operation in Maj. Σ0 is computed in the nested-rotation form
    /// rotr(rotr(rotr(a, 9) ⊕ a, 11) ⊕ a, 2), which equals the textbook one with fewer moves.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ wk: UInt32, _ bc: inout UInt32
    ) {
        let hk = h &+ wk
        let choose = g ^ (e & (f ^ g))
        let sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let t1 = (hk &+ choose) &+ sigma1
        let sigma0 = rotr(rotr(rotr(a, 9) ^ a, 11) ^ a, 2)
        let ab = a ^ b
        let majority = b ^ (ab & bc)
        bc = ab
        d &+= t1
        h = t1 &+ (sigma0 &+ majority)
    }
}
