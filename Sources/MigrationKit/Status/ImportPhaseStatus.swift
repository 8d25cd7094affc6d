import Essentials
import Foundation

/// The import phase as the state file records it, per window and chunk, for `status`.
public struct ImportPhaseStatus: Sendable, Equatable {
    /// Where one window stands.
    public enum Standing: String, Sendable, Equatable {
        /// Every chunk of its plan completed.
        case complete
        /// Chunks left to send or to poll: the import goes on with them.
        case pending
        /// Every chunk settled, and some failed for good.
        case failed
        /// Transformed, never planned: none of its records were sent.
        case notPlanned = "not planned"
        /// Transformed again since it was planned: the import plans it again (completed chunks stay).
        case planAgain = "to plan again"
        /// No transformed file to import yet (not transformed, or blocked).
        case waiting = "waiting for transform"
    }

    /// Chunks of a window (or of all), by where they are in the import protocol.
    public struct Chunks: Sendable, Equatable {
        public var completed = 0
        /// Accepted with an import id: polled by the next run, never sent again.
        public var submitted = 0
        /// About to be sent, or sent without an answer: the next run sends them again, leaving out
        /// records the destination already holds.
        public var inDoubt = 0
        public var failed = 0
        /// In the plan, with nothing recorded yet.
        public var notSent = 0

        public init() {}

        public var total: Int { completed + submitted + inDoubt + failed + notSent }
        /// Chunks the next import run sends or polls.
        public var open: Int { submitted + inDoubt + notSent }

        static func + (a: Chunks, b: Chunks) -> Chunks {
            var sum = a
            sum.completed += b.completed
            sum.submitted += b.submitted
            sum.inDoubt += b.inDoubt
            sum.failed += b.failed
            sum.notSent += b.notSent
            return sum
        }
    }

    /// A chunk that failed for good.
    public struct FailedChunk: Sendable, Equatable {
        public var window: String
        public var index: Int
        public var records: Int
        /// Why: nil when an earlier version did not record it (treated as refused).
        public var failure: ImportChunkState.Failure?
        public var errors: [String]

        /// The destination ids an `INVALID_REFERENCE` failure names (`... queue ID is not in the destination`).
        public var missingIds: [String] {
            var out: [String] = []
            for line in errors where line.contains("INVALID_REFERENCE") {
                guard let range = line.range(of: " is not in the destination") else { continue }
                if let id = line[..<range.lowerBound].split(separator: " ").last.map(String.init), !out.contains(id) { out.append(id) }
            }
            return out
        }
    }

    /// One window.
    public struct Window: Sendable, Equatable {
        public var name: String
        public var standing: Standing
        /// Records of the transformed file (what a complete import leaves in the destination).
        public var records: Int
        /// Records of its completed chunks.
        public var importedRecords: Int
        /// The chunks of its current plan (empty before it is planned).
        public var chunks: Chunks
        public var failedChunks: [FailedChunk]
        /// The first error of its last failed chunk.
        public var lastError: String?
    }

    /// What the chunks were made for; nil before the first import.
    public var configuration: ImportConfiguration?
    /// One per window of the transform, by name.
    public var windows: [Window]

    /// The status of `state` for the windows of `transform`.
    public init(_ state: ImportState, transform: TransformPhaseStatus) {
        configuration = state.configuration
        windows = transform.windows.map { window in
            guard let output = window.outputSHA256 else {
                return Window(name: window.name, standing: .waiting, records: 0, importedRecords: 0, chunks: Chunks(), failedChunks: [], lastError: nil)
            }
            let recorded = state.windows[window.name] ?? [:]
            guard let plan = state.plans[window.name] else {
                return Window(name: window.name, standing: .notPlanned, records: window.outputRecords, importedRecords: 0,
                              chunks: Chunks(), failedChunks: [], lastError: nil)
            }
            var chunks = Chunks()
            var imported = 0
            var failed: [FailedChunk] = []
            for (index, hash) in plan.chunks.enumerated() {
                guard let chunk = recorded[hash] else {
                    chunks.notSent += 1
                    continue
                }
                switch chunk.status {
                case .completed:
                    chunks.completed += 1
                    imported += chunk.records
                case .submitted:
                    chunks.submitted += 1
                case .submitting:
                    chunks.inDoubt += 1
                case .failed:
                    chunks.failed += 1
                    failed.append(FailedChunk(window: window.name, index: index, records: chunk.records, failure: chunk.failure, errors: chunk.errors))
                }
            }
            if plan.transformedSHA256 != output {
                // The old plan's chunks are not the ones the next run sends: only what they
                // imported counts (completed chunks of the same records stay completed).
                return Window(name: window.name, standing: .planAgain, records: window.outputRecords, importedRecords: imported,
                              chunks: Chunks(), failedChunks: [], lastError: nil)
            }
            let standing: Standing
            if chunks.open > 0 {
                standing = .pending
            } else {
                standing = chunks.failed > 0 ? .failed : .complete
            }
            return Window(name: window.name, standing: standing, records: plan.records,
                          importedRecords: imported, chunks: chunks, failedChunks: failed, lastError: failed.last?.errors.first)
        }
    }

    public func windows(_ standing: Standing) -> [Window] { windows.filter { $0.standing == standing } }
    public var chunks: Chunks { windows.reduce(Chunks()) { $0 + $1.chunks } }
    public var records: Int { windows.reduce(0) { $0 + $1.records } }
    public var importedRecords: Int { windows.reduce(0) { $0 + $1.importedRecords } }
    public var failedChunks: [FailedChunk] { windows.flatMap(\.failedChunks) }
    /// Whether every window is imported (and there is one).
    public var isDone: Bool { !windows.isEmpty && windows.allSatisfy { $0.standing == .complete } }
    /// Whether nothing was ever planned.
    public var hasStarted: Bool { windows.contains { $0.standing != .notPlanned && $0.standing != .waiting } }
}
