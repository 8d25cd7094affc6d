/// What the transform phase does with a record that references a queue, flow or wrap-up code the
/// mapping file gives no destination for (`--on-unmapped`).
public enum UnmappedPolicy: String, Sendable, Hashable, CaseIterable {
    /// Stop the migration and report every unmapped reference (the default).
    case fail
    /// Leave such records out of the migration and report them.
    case skipRecord = "skip-record"
}
