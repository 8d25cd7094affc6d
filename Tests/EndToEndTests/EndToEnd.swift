import Testing

/// Every suite that runs the built binary, one at a time. Their waits for child processes block
/// the thread they run on; on a 2-core machine, two such suites at once would hold every thread
/// of the test run's pool, and the timing-sensitive tests beside them (token lifetimes, download
/// URL lifetimes) would starve. Serialized here, at most one thread is held by them.
@Suite("end to end: the built binary", .serialized)
enum EndToEnd {}
