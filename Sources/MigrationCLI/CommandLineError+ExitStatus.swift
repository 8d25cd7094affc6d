import Essentials

// Every command-line mistake is a usage error.
extension CommandLineError: ExitStatusProviding {
    /// Always ``ExitStatus/usage`` (64).
    public var exitStatus: ExitStatus { .usage }
}
