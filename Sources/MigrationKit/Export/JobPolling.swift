import Essentials
import Foundation
import Synchronization

/// When to ask about a job: first near the time jobs of this run have taken (or a first guess),
/// then backing off ×1.5 with jitter, at most `cap` apart.
final class JobPolling: Sendable {
    private let learned = Mutex<[Double]>([])
    let first: Double
    let cap: Double

    init(first: Double, cap: Double = 30) {
        self.first = first
        self.cap = cap
    }

    /// Notes that a job took `seconds` from submission to completion.
    func completed(after seconds: Double) {
        learned.withLock { durations in
            durations.append(seconds)
            if durations.count > 32 { durations.removeFirst() }
        }
    }

    /// The wait before poll number `attempt` (0 = the first).
    func delay(attempt: Int) -> Double {
        let expected = learned.withLock { durations -> Double? in
            guard !durations.isEmpty else { return nil }
            return durations.sorted()[durations.count / 2]
        }
        let base = expected ?? first
        let backedOff = base * pow(1.5, Double(attempt))
        let jitter = Double.random(in: 0.85...1.15)
        return min(cap, max(0.01, backedOff * jitter))
    }
}
