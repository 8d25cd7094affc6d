/// Why a ``JSONValue`` could not be written.
public enum JSONWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A number that JSON cannot represent (NaN or an infinity) was found at this path.
    case nonFiniteNumber(path: String)

    public var description: String {
        switch self {
        case .nonFiniteNumber(let path):
            return "cannot write a non-finite number (NaN or infinity) at \(path) as JSON; this is a bug in the caller, please report it"
        }
    }
}
