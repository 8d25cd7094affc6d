/// Declares one named option of a command: a flag (`--dry-run`) or an option with a value (`--to DATE`).
///
/// Options are looked up by their long `name` in ``ParsedCommand``. The names `help` and `version`
/// and the short name `h` are reserved by the parser (see ``CommandSpec/problems()``).
public struct OptionSpec: Sendable, Equatable {
    /// The long name without dashes, as in `to` for `--to`.
    public var name: String
    /// An optional one-letter name, as in `t` for `-t`.
    public var shortName: Character?
    /// The placeholder shown in help for the value (`DATE`), or `nil` for a flag that takes no value.
    public var valueName: String?
    /// One sentence for the OPTIONS section of the help.
    public var help: String
    /// Whether the command refuses to run without this option.
    public var isRequired: Bool
    /// Whether the option may be given more than once; every value is kept, in order.
    public var isRepeatable: Bool
    /// The value used when the option is not given, shown in help as `(default: ...)`.
    public var defaultValue: String?

    /// Declares an option; prefer ``flag(_:short:help:isRepeatable:)`` and
    /// ``option(_:short:valueName:help:isRequired:isRepeatable:defaultValue:)`` for readability.
    public init(
        name: String,
        shortName: Character? = nil,
        valueName: String? = nil,
        help: String,
        isRequired: Bool = false,
        isRepeatable: Bool = false,
        defaultValue: String? = nil
    ) {
        self.name = name
        self.shortName = shortName
        self.valueName = valueName
        self.help = help
        self.isRequired = isRequired
        self.isRepeatable = isRepeatable
        self.defaultValue = defaultValue
    }

    /// Declares a flag: present or absent, never given a value.
    public static func flag(
        _ name: String, short: Character? = nil, help: String, isRepeatable: Bool = false
    ) -> OptionSpec {
        OptionSpec(name: name, shortName: short, help: help, isRepeatable: isRepeatable)
    }

    /// Declares an option that takes a value, written `--name VALUE`, `--name=VALUE` or `-n VALUE`.
    public static func option(
        _ name: String,
        short: Character? = nil,
        valueName: String,
        help: String,
        isRequired: Bool = false,
        isRepeatable: Bool = false,
        defaultValue: String? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name, shortName: short, valueName: valueName, help: help,
            isRequired: isRequired, isRepeatable: isRepeatable, defaultValue: defaultValue)
    }

    /// Whether the option takes a value (it is not a flag).
    public var takesValue: Bool { valueName != nil }

    /// The long spelling with dashes, as users type it: `--to`.
    public var spelling: String { "--" + name }
}
