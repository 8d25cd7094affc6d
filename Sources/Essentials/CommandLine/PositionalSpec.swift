/// Declares one positional argument of a command, such as the `<file>` of `mappings check <file>`.
///
/// Positionals are filled in declaration order; required ones come first, and only the last one
/// may be repeatable (it then takes every remaining argument).
public struct PositionalSpec: Sendable, Equatable {
    /// The name shown in help as `<name>` and used to look the value up in ``ParsedCommand``.
    public var name: String
    /// One sentence for the ARGUMENTS section of the help.
    public var help: String
    /// Whether the command refuses to run without it.
    public var isRequired: Bool
    /// Whether it takes every remaining argument (only allowed for the last positional).
    public var isRepeatable: Bool

    /// Declares a positional argument.
    public init(_ name: String, help: String, isRequired: Bool = true, isRepeatable: Bool = false) {
        self.name = name
        self.help = help
        self.isRequired = isRequired
        self.isRepeatable = isRepeatable
    }
}
