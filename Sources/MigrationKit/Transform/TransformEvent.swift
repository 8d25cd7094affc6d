/// Progress of the transform phase, reported as it happens.
public enum TransformEvent: Sendable {
    /// The destination's schema was fetched and kept in the state file.
    case schemaFetched(DestinationSchema)
    /// A window was transformed, or skipped as unchanged.
    case windowFinished(TransformWindowOutcome)
}
