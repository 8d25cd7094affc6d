/// Formats a `Double` the way ECMAScript's `Number.prototype.toString` does, as RFC 8785 §3.2.2.3
/// requires for canonical JSON: the shortest digits that round-trip, plain notation for exponents
/// from -7 to 21, exponent notation (`1e+21`, `1e-7`) outside, and `0` for negative zero.
public enum ECMAScriptNumber {
    /// The ECMAScript text of a finite `value`; nil for NaN and infinities, which JSON cannot hold.
    public static func format(_ value: Double) -> String? {
        var bytes: [UInt8] = []
        guard append(value, to: &bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the ECMAScript text of `value` to `output`; returns false (appending nothing) when
    /// `value` is not finite.
    @discardableResult
    public static func append(_ value: Double, to output: inout [UInt8]) -> Bool {
        guard value.isFinite else { return false }
        if value == 0 {
            output.append(UInt8(ascii: "0"))
            return true
        }
        // Integers below 2^53 print as integers; that is also the common case, so skip the digit search.
        if value.rounded(.towardZero) == value, value.magnitude < 9_007_199_254_740_992 {
            JSONWriter.appendInteger(Int64(value), to: &output)
            return true
        }
        // Swift's description is the shortest round-tripping decimal (closest to the exact value on
        // ties), in one of the forms "123.45", "1.5e-07", "1e+23". Take its digits and exponent.
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var pointPosition: Int?  // count of mantissa digits before '.'
        var exponent = 0
        var sawE = false
        var exponentNegative = false
        for unit in value.magnitude.description.utf8 {
            if sawE {
                if unit == UInt8(ascii: "-") { exponentNegative = true } else if unit != UInt8(ascii: "+") {
                    exponent = exponent * 10 + Int(unit - UInt8(ascii: "0"))
                }
            } else if unit == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else if unit == UInt8(ascii: "e") || unit == UInt8(ascii: "E") {
                sawE = true
            } else {
                digits.append(unit)
            }
        }
        if exponentNegative { exponent = -exponent }
        // value = 0.d1d2...dk × 10^n, with n the position of the point after removing leading zeros.
        var n = (pointPosition ?? digits.count) + exponent
        var leading = 0
        while leading < digits.count - 1 && digits[leading] == UInt8(ascii: "0") { leading += 1 }
        n -= leading
        var trailing = digits.count
        while trailing > leading + 1 && digits[trailing - 1] == UInt8(ascii: "0") { trailing -= 1 }
        let significant = digits[leading..<trailing]
        let k = significant.count

        if value < 0 { output.append(UInt8(ascii: "-")) }
        if k <= n && n <= 21 {
            output.append(contentsOf: significant)
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            output.append(contentsOf: significant.prefix(n))
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: significant.dropFirst(n))
        } else if -6 < n && n <= 0 {
            output.append(UInt8(ascii: "0"))
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            output.append(contentsOf: significant)
        } else {
            output.append(significant.first!)
            if k > 1 {
                output.append(UInt8(ascii: "."))
                output.append(contentsOf: significant.dropFirst())
            }
            output.append(UInt8(ascii: "e"))
            let e = n - 1
            output.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            JSONWriter.appendInteger(Int64(e.magnitude), to: &output)
        }
        return true
    }
}
