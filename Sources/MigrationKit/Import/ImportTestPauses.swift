/// Test-only pauses inside the import protocol, so that a kill test can stop the process at an
/// exact step: `INTERACTION_MIGRATE_TEST_PAUSE="submitting=0.5,accepted=0.5,reconciling=0.5"`.
///
/// - `submitting`: after the `submitting` write, before the POST;
/// - `accepted`: after the POST's 202, before the `submitted` write;
/// - `reconciling`: after a `DUPLICATE_KEY` failure was recorded as a re-send, before the POST.
///
/// Each pause is reported (``ImportEvent/paused(point:chunk:)``) as it starts.
public struct ImportTestPauses: Sendable, Equatable {
    public var seconds: [String: Double] = [:]

    public static let points = ["submitting", "accepted", "reconciling"]

    public init() {}

    /// The pauses of `text`; nil when it is not of the form above.
    public init?(_ text: String) {
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, Self.points.contains(parts[0]), let value = Double(parts[1]), value >= 0, value <= 600 else { return nil }
            seconds[parts[0]] = value
        }
    }
}
