/// How the demo settles a generated mapping file's open entries, the way the README's walkthrough
/// tells an admin to: an ambiguous entry gets the candidate an admin would pick (the first), an
/// unmatched queue or flow is mapped by hand to the destination entity of its kind that nothing
/// maps to yet and that shares most words with its name (a flow of the same type first), and an
/// unmatched wrap-up code is excluded, its records given a fallback code by the transform.
///
/// For the demo only: in a real migration the admin makes each decision.
public struct DemoMappingResolution: Sendable {
    /// The mapping file with every entry resolved.
    public var file: MappingFile
    /// One line per decision, for the admin to read.
    public var decisions: [String]
    /// The destination wrap-up code's name for `--fallback-wrapup-code`, when a code was excluded.
    public var fallbackWrapupCode: String?

    /// Resolves `file`'s open entries against `destination`'s lists.
    public static func resolve(_ file: MappingFile, destination: OrgDirectory) -> DemoMappingResolution {
        var resolved = file
        var decisions: [String] = []
        var fallback: String?
        for kind in MappingKind.allCases {
            let targeted = Set(file[kind].compactMap { $0.destinationId?.lowercased() })
            var free = destination[kind].filter { !targeted.contains($0.id.lowercased()) }
            var entries = file[kind]
            for position in entries.indices {
                var entry = entries[position]
                let label = "\(kind.singular) '\(entry.sourceName)'\(entry.sourceDivision.map { " (division \($0))" } ?? "")"
                switch entry.match {
                case .ambiguous where !entry.candidates.isEmpty:
                    let pick = entry.candidates[0]
                    entry.destinationId = pick.id
                    entry.destinationName = pick.name
                    entry.match = .manual
                    entry.candidates = []
                    decisions.append("\(label): ambiguous between \(file[kind][position].candidates.count) destination entities of that name; mapped by hand to '\(pick.name)'\(pick.division.map { " (division \($0))" } ?? "") (\"match\": \"manual\")")
                case .unmatched where kind != .wrapupCodes && !free.isEmpty:
                    let pick = bestFree(for: entry, in: free)
                    free.removeAll { $0.id == pick.id }
                    entry.destinationId = pick.id
                    entry.destinationName = pick.name
                    entry.match = .manual
                    decisions.append("\(label): no destination \(kind.singular) of that name; mapped by hand to '\(pick.name)', which nothing mapped to yet (\"match\": \"manual\")")
                case .ambiguous, .unmatched:
                    entry.destinationId = nil
                    entry.destinationName = nil
                    entry.match = .excluded
                    entry.candidates = []
                    if kind == .wrapupCodes {
                        fallback = fallback ?? fallbackCode(in: file)
                        decisions.append("\(label): no destination code of that name; excluded (\"match\": \"excluded\"), its records get '\(fallback ?? "?")' instead (--fallback-wrapup-code)")
                    } else {
                        decisions.append("\(label): nothing to map it to; excluded (\"match\": \"excluded\")")
                    }
                default:
                    break
                }
                entries[position] = entry
            }
            switch kind {
            case .queues: resolved.queues = entries
            case .flows: resolved.flows = entries
            case .wrapupCodes: resolved.wrapupCodes = entries
            }
        }
        return DemoMappingResolution(file: resolved, decisions: decisions, fallbackWrapupCode: fallback)
    }

    /// The free destination entity sharing most name words with `entry` (flows of the same type
    /// first), the first one on a tie.
    static func bestFree(for entry: MappingEntry, in free: [RoutingEntity]) -> RoutingEntity {
        func words(_ name: String) -> Set<String> {
            Set(name.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        }
        let mine = words(entry.sourceName)
        let sameType = free.filter { $0.type != nil && $0.type == entry.type }
        let pool = sameType.isEmpty ? free : sameType
        return pool.max { words($0.name).intersection(mine).count < words($1.name).intersection(mine).count } ?? pool[0]
    }

    /// A destination code that source codes are mapped to (the transform's fallback must be one):
    /// the first by name.
    static func fallbackCode(in file: MappingFile) -> String? {
        file.wrapupCodes.filter { $0.match.hasDestination }.compactMap(\.destinationName).sorted().first
    }
}
