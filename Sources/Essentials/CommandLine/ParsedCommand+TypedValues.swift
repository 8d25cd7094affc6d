// Typed access to option values, with errors that name the option and the command.
extension ParsedCommand {
    /// The value of option `name` converted by `convert`, or `nil` when it has no value
    /// (not given and no default).
    ///
    /// - Parameter expected: what a valid value is, read as "needs `expected`" in the error,
    ///   such as `"a date like 2024-01-15"`.
    /// - Throws: ``CommandLineError/invalidValue(option:value:expected:command:)`` when
    ///   `convert` returns `nil`.
    public func value<Value>(
        _ name: String, expected: String, _ convert: (String) -> Value?
    ) throws(CommandLineError) -> Value? {
        guard let text = value(name) else { return nil }
        guard let converted = convert(text) else {
            throw invalidValue(name, expected: expected)
        }
        return converted
    }

    /// The value of option `name`, which the command cannot do without.
    ///
    /// The parser already refuses a command line that lacks a required option; this is for
    /// code that wants a `String` rather than an optional.
    /// - Throws: ``CommandLineError/missingRequiredOption(_:command:)`` when there is no value.
    public func requiredValue(_ name: String) throws(CommandLineError) -> String {
        guard let text = value(name) else {
            throw .missingRequiredOption("--" + name, command: command)
        }
        return text
    }

    /// The value of option `name` as a whole number within `range` (if given), or `nil` when
    /// it has no value. The spec's default counts as a value.
    /// - Throws: ``CommandLineError/invalidValue(option:value:expected:command:)`` naming the
    ///   option when the value is not a whole number or lies outside `range`.
    public func int(_ name: String, in range: ClosedRange<Int>? = nil) throws(CommandLineError) -> Int? {
        let expected = "a whole number" + Self.describe(range)
        return try value(name, expected: expected) { text in
            guard let number = Int(text), range?.contains(number) ?? true else { return nil }
            return number
        }
    }

    /// The value of option `name` as a whole number, or `defaultValue` when it has none.
    ///
    /// A default declared in the option's spec (the one help shows) takes precedence over
    /// `defaultValue`.
    public func int(
        _ name: String, default defaultValue: Int, in range: ClosedRange<Int>? = nil
    ) throws(CommandLineError) -> Int {
        try int(name, in: range) ?? defaultValue
    }

    /// The value of option `name` as a finite number within `range` (if given), or `nil` when
    /// it has no value. The spec's default counts as a value.
    /// - Throws: ``CommandLineError/invalidValue(option:value:expected:command:)`` naming the
    ///   option when the value is not a finite number or lies outside `range`.
    public func double(_ name: String, in range: ClosedRange<Double>? = nil) throws(CommandLineError) -> Double? {
        let expected = "a number" + (range.map { " from \($0.lowerBound) to \($0.upperBound)" } ?? "")
        return try value(name, expected: expected) { text in
            guard let number = Double(text), number.isFinite, range?.contains(number) ?? true else { return nil }
            return number
        }
    }

    /// The value of option `name` as a finite number, or `defaultValue` when it has none.
    ///
    /// A default declared in the option's spec takes precedence over `defaultValue`.
    public func double(
        _ name: String, default defaultValue: Double, in range: ClosedRange<Double>? = nil
    ) throws(CommandLineError) -> Double {
        try double(name, in: range) ?? defaultValue
    }

    /// The error to throw when a command finds the value of option `name` unusable, so that
    /// checks made after parsing read like the parser's own: "needs `expected`, got '...'".
    public func invalidValue(_ name: String, expected: String) -> CommandLineError {
        .invalidValue(option: "--" + name, value: value(name) ?? "", expected: expected, command: command)
    }

    private static func describe(_ range: ClosedRange<Int>?) -> String {
        switch range {
        case nil: ""
        case let range? where range.upperBound == .max: " of at least \(range.lowerBound)"
        case let range? where range.lowerBound == .min: " of at most \(range.upperBound)"
        case let range?: " from \(range.lowerBound) to \(range.upperBound)"
        }
    }
}
