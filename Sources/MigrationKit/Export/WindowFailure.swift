/// A window that could not be exported in this run, with the reason for the admin. The other
/// windows go on.
struct WindowFailure: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
