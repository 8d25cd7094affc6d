/// An error that knows which exit status it means; any other error that reaches the top level
/// exits with ``ExitCode/failure``.
///
/// The command layer decides statuses, so library errors adopt this protocol in an extension
/// here (as `CommandLineError+ExitCode.swift` does), not in their own module.
public protocol ExitCodeProviding: Error {
    /// The status the tool exits with when this error ends a command.
    var exitStatus: ExitCode { get }
}
