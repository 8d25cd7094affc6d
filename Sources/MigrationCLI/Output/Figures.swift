import Foundation

/// How figures are shown to people: `1,234,567`, `12.3`, megabytes with one decimal.
enum Figures {
    static func megabytes(_ bytes: Int) -> String { oneDecimal(Double(bytes) / 1_000_000) }

    static func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }

    /// `1234567` as `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
