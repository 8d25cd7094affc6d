import Essentials

/// The transform phase as the state file records it, per window, for `status`: what each
/// exported window's transform made of it, and whether it is still up to date with its export
/// and the mapping file.
public struct TransformPhaseStatus: Sendable, Equatable {
    /// Where one window stands.
    public enum Standing: String, Sendable, Equatable {
        /// Transformed from its current export with the current mapping file.
        case transformed
        /// Not transformed: unmapped references (`--on-unmapped fail`) kept its output from being written.
        case blocked
        /// Transformed, but from another export of the window or another mapping file: the
        /// transform does it again.
        case outdated
        /// Exported, never transformed.
        case notTransformed = "not transformed"
    }

    /// One window.
    public struct Window: Sendable, Equatable {
        public var name: String
        public var standing: Standing
        /// For an outdated window: what changed since it was transformed.
        public var outdatedBecause: String?
        public var inputRecords: Int
        public var outputRecords: Int
        /// Invalid lines, and with `skip-record` the records with unmapped references.
        public var rejectedRecords: Int
        /// Records with unmapped references (blocking with `fail`, rejected with `skip-record`).
        public var unmappedRecords: Int
        /// Distinct unmapped references.
        public var unmappedReferences: Int
        /// SHA-256 of the transformed file; nil when none was written.
        public var outputSHA256: String?
        /// The transform's record of the window, when there is one.
        public var recorded: TransformWindowState?

        /// Whether the import can take the window's transformed file as it is recorded.
        public var hasOutput: Bool { outputSHA256 != nil }
    }

    /// Every completed export window, and every window with a transform record, by name.
    public var windows: [Window]
    /// The destination schema the state file keeps, if any (a later transform needs no org for it).
    public var destinationSchema: DestinationSchema?

    /// The status of `state` against the completed windows of `export` and the mapping file
    /// whose bytes hash to `mappingSHA256` (nil when there is no mapping file: not compared).
    public init(_ state: TransformState, export: ExportPhaseStatus, mappingSHA256: String?) {
        destinationSchema = state.destinationSchema
        let exported = Dictionary(export.completed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Set(exported.keys).union(state.windows.keys).sorted()
        windows = names.map { name in
            guard let recorded = state.windows[name] else {
                return Window(name: name, standing: .notTransformed, inputRecords: 0, outputRecords: 0, rejectedRecords: 0,
                              unmappedRecords: 0, unmappedReferences: 0, outputSHA256: nil, recorded: nil)
            }
            var standing: Standing = recorded.isBlocked || recorded.outputSHA256 == nil ? .blocked : .transformed
            var because: String?
            if let window = exported[name], let sha = window.sha256, sha != recorded.fingerprint.inputSHA256 {
                standing = .outdated
                because = "exported again since the transform"
            } else if let mappingSHA256, mappingSHA256 != recorded.fingerprint.mappingSHA256 {
                standing = .outdated
                because = "the mapping file changed since the transform"
            }
            return Window(name: name, standing: standing, outdatedBecause: because, inputRecords: recorded.inputRecords,
                          outputRecords: recorded.outputRecords, rejectedRecords: recorded.rejectedRecords,
                          unmappedRecords: recorded.unmappedRecords, unmappedReferences: recorded.unmapped.entries.count,
                          outputSHA256: recorded.outputSHA256, recorded: recorded)
        }
    }

    public func windows(_ standing: Standing) -> [Window] { windows.filter { $0.standing == standing } }
    /// Whether every window is transformed and up to date (and there is one).
    public var isDone: Bool { !windows.isEmpty && windows.allSatisfy { $0.standing == .transformed } }
    public var inputRecords: Int { windows.reduce(0) { $0 + $1.inputRecords } }
    public var outputRecords: Int { windows.reduce(0) { $0 + ($1.hasOutput ? $1.outputRecords : 0) } }
    public var rejectedRecords: Int { windows.reduce(0) { $0 + $1.rejectedRecords } }
    /// Records kept out of the transformed files of blocked windows by unmapped references.
    public var blockedRecords: Int { windows(.blocked).reduce(0) { $0 + $1.unmappedRecords } }
    /// The `--on-unmapped` policy every recorded window was transformed with, when they agree.
    public var policy: UnmappedPolicy? { agreed(\.fingerprint.policy) }
    /// The fallback wrap-up code's destination id every recorded window was transformed with, when they agree.
    public var fallbackWrapupCodeId: String? { agreed(\.fingerprint.fallbackWrapupCodeId) ?? nil }

    private func agreed<Value: Equatable>(_ field: KeyPath<TransformWindowState, Value>) -> Value? {
        let values = windows.compactMap { $0.recorded?[keyPath: field] }
        guard let first = values.first, values.allSatisfy({ $0 == first }) else { return nil }
        return first
    }
}
