import Essentials

// Every command-line mistake is a usage error.
extension CommandLineError: ExitCodeProviding {
    /// Always ``ExitCode/usage`` (64).
    public var exitStatus: ExitCode { .usage }
}
