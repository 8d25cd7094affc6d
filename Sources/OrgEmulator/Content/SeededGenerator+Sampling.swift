import Essentials

// Sampling written here rather than with the standard library's `random(in:using:)`, whose way of
// drawing from the generator is an implementation detail that may change between Swift releases:
// seeded content must stay the same bytes on every toolchain.
extension SeededGenerator {
    /// A generator for one independent stream of a seed: `salt` names the stream (entities,
    /// interactions, ...), so adding draws to one stream never shifts another.
    static func stream(seed: UInt64, salt: UInt64) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed ^ salt)
        return SeededGenerator(seed: mixer.next())
    }

    /// A whole number in `0..<bound` (`0` when `bound` is not positive), by multiply-high.
    mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A whole number in `range`.
    mutating func between(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// A fraction in `[0, 1)` with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// `true` with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// An index in `0..<count` that favours the low end: index `i` has probability
    /// `(√(i+1) − √i) / √count`, so the first of 25 entries is drawn a fifth of the time. Lists in
    /// a ``CompanyDescription`` are ordered busiest first.
    mutating func skewedIndex(_ count: Int) -> Int {
        guard count > 1 else { return 0 }
        let u = unit()
        return min(count - 1, Int(Double(count) * u * u))
    }

    /// An index drawn by the weights (which need not sum to 1; non-negative, not all zero).
    mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            if target < weight { return index }
            target -= weight
        }
        return weights.count - 1
    }
}
