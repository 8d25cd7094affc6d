import Foundation
import Synchronization

/// Predicts when each import job of this run ends, so that it is polled once, near that time.
///
/// Jobs of one org are applied one at a time in acceptance order (contract §7.4), so a job ends
/// one job-duration after the later of its acceptance and the end of the job before it. The
/// duration is learned from completed jobs: the platform's `completedDate` minus the later of the
/// job's `createdDate` and the previous job's `completedDate`, which is the time it ran. Before any
/// job has completed, `firstGuess` stands in.
///
/// Times are on the client's clock; the platform's times are carried over by the smallest
/// difference seen between a 202's receipt and its `createdDate`.
final class JobSchedule: Sendable {
    private struct Job {
        var records: Int
        var acceptedAt: Double
        var serverCreated: Double?
        var serverCompleted: Double?
        /// Found submitted by an earlier run: it may have ended long ago, so it is polled as
        /// soon as the jobs before it are predicted to end.
        var resumed = false
        /// When it ended, on the client's clock, once known.
        var endedAt: Double?
    }

    private struct State {
        var jobs: [String: Job] = [:]
        /// Job ids in acceptance order; completed ones are dropped once a later one completed.
        var order: [String] = []
        /// (records, seconds) of recent completed jobs.
        var durations: [(records: Int, seconds: Double)] = []
        /// The client's clock minus the platform's, at most.
        var offset: Double?
    }

    private let state = Mutex(State())
    let firstGuess: Double

    init(firstGuess: Double) {
        self.firstGuess = firstGuess
    }

    /// A job of `records` records was accepted at `now` (client clock); `created` is its
    /// `createdDate` (seconds since the epoch), when the answer had one.
    func accepted(_ id: String, records: Int, at now: Double, created: Double?) {
        state.withLock { state in
            state.jobs[id] = Job(records: records, acceptedAt: now, serverCreated: created)
            state.order.append(id)
            if let created { state.offset = min(state.offset ?? .infinity, now - created) }
        }
    }

    /// A job of an earlier run, found submitted: it is somewhere in the queue, so it is treated
    /// as accepted now.
    func resumed(_ id: String, records: Int, at now: Double) {
        state.withLock { state in
            var job = Job(records: records, acceptedAt: now)
            job.resumed = true
            state.jobs[id] = job
            state.order.append(id)
        }
    }

    /// The job's predicted end on the client's clock.
    func predictedEnd(_ id: String) -> Double {
        state.withLock { state in
            var previousEnd = -Double.infinity
            for other in state.order {
                guard let job = state.jobs[other] else { continue }
                let duration = job.resumed ? 0 : Self.estimate(job.records, state.durations, firstGuess)
                let end = job.endedAt ?? (max(job.acceptedAt, previousEnd) + duration)
                if other == id { return end }
                previousEnd = end
            }
            return previousEnd
        }
    }

    /// The expected duration of a job of `records` records.
    func estimate(records: Int) -> Double {
        state.withLock { Self.estimate(records, $0.durations, firstGuess) }
    }

    private static func estimate(_ records: Int, _ durations: [(records: Int, seconds: Double)], _ firstGuess: Double) -> Double {
        guard !durations.isEmpty else { return firstGuess }
        let same = durations.filter { $0.records == records }.map(\.seconds)
        let pool = same.isEmpty ? durations.map(\.seconds) : same
        return pool.sorted()[pool.count / 2]
    }

    /// The job ended (completed or failed) at the platform's `completed` time; `now` is when the
    /// answer said so.
    func ended(_ id: String, created: Double?, completed: Double?, at now: Double) {
        state.withLock { state in
            guard var job = state.jobs[id] else { return }
            if job.serverCreated == nil { job.serverCreated = created }
            job.serverCompleted = completed
            if let completed, let offset = state.offset {
                job.endedAt = min(now, completed + offset)
            } else {
                job.endedAt = now
            }
            guard let position = state.order.firstIndex(of: id) else { return }
            // The time it ran: from the later of its creation and the previous job's end.
            if let completed, let created = job.serverCreated {
                var start = created
                var known = true
                if position > 0, let previous = state.jobs[state.order[position - 1]] {
                    if let previousEnd = previous.serverCompleted { start = max(start, previousEnd) } else { known = previous.endedAt != nil }
                }
                if known, completed >= start {
                    state.durations.append((job.records, completed - start))
                    if state.durations.count > 32 { state.durations.removeFirst() }
                }
            }
            state.jobs[id] = job
            // Keep the last ended job of the leading run as the anchor of the predictions.
            while state.order.count > 1, let first = state.jobs[state.order[0]], first.endedAt != nil,
                  let second = state.jobs[state.order[1]], second.endedAt != nil {
                state.jobs[state.order[0]] = nil
                state.order.removeFirst()
            }
        }
    }

    /// A job that will not be polled again (its chunk was given up for this run).
    func forget(_ id: String, at now: Double) {
        ended(id, created: nil, completed: nil, at: now)
    }
}
