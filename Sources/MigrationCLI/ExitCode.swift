/// Every exit status the tool uses, in one place. Numbers from 64 on follow BSD `sysexits.h`.
public enum ExitCode: Int32, Sendable, Equatable {
    /// Everything asked for was done.
    case success = 0
    /// The command ran but could not do what was asked; the message on standard error says why.
    case failure = 1
    /// Part of the work could not be done (some export windows failed, each listed with its
    /// reason); what was done is kept, and running again retries the rest.
    case partial = 2
    /// The command finished but left something for the admin to resolve before the next step,
    /// such as names with no mapping.
    case needsAttention = 3
    /// The command line was wrong: unknown option, missing value... (`EX_USAGE`).
    case usage = 64
    /// An input file or response did not have the expected form (`EX_DATAERR`).
    case dataError = 65
    /// A file named on the command line does not exist or cannot be read (`EX_NOINPUT`).
    case noInput = 66
    /// A service the command needs did not answer, even after retries (`EX_UNAVAILABLE`).
    case unavailable = 69
    /// A bug in the tool: something that cannot happen did (`EX_SOFTWARE`).
    case internalError = 70
    /// Reading or writing a file failed (`EX_IOERR`).
    case ioError = 74
    /// Another command is working on the same migration right now; run again when it is done
    /// (`EX_TEMPFAIL`).
    case inUse = 75
    /// The configuration is unusable, such as credentials that are refused (`EX_CONFIG`).
    case configuration = 78
}
