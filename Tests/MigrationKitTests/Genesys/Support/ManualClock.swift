import MigrationKit
import Synchronization

/// A virtual clock: `sleep` returns at once and moves time forward by the amount asked, so tests
/// of token lifetimes, backoff and rate-limit waits run instantly and can check every delay.
/// Meant for one task at a time.
final class ManualClock: ClientClock {
    private struct State {
        var now: Double
        var sleeps: [Double] = []
    }

    private let state: Mutex<State>

    init(start: Double = 1000) {
        state = Mutex(State(now: start))
    }

    func now() -> Double { state.withLock { $0.now } }

    func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(seconds)
            state.now += max(0, seconds)
        }
        await Task.yield()
    }

    /// Moves time forward without a sleep.
    func advance(by seconds: Double) {
        state.withLock { $0.now += seconds }
    }

    /// Every sleep asked for, in order.
    var sleeps: [Double] { state.withLock { $0.sleeps } }
}

/// A clock whose `now` never moves while its sleeps are real: a client using it never sees a
/// token age, so only the org's 401 can tell it that the token expired.
struct FrozenClock: ClientClock {
    let frozen: Double = 1000

    func now() -> Double { frozen }

    func sleep(seconds: Double) async throws {
        try await SystemClock().sleep(seconds: seconds)
    }
}
