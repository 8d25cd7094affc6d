/// A string that must never be printed: an OAuth client secret.
///
/// `description`, `debugDescription`, string interpolation, `dump` and mirrors all show
/// `<redacted>`; only ``exposedValue`` gives the text, so every use of it is deliberate and easy
/// to find.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// The secret text, for the one place that must send it (HTTP Basic auth).
    public var exposedValue: String { value }

    /// Whether the secret is empty.
    public var isEmpty: Bool { value.isEmpty }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }

    /// A mirror with no children, so reflection cannot reach the text.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
