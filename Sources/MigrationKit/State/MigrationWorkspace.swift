/// Where one migration's files live: `mappings/NAME.json` and `state/NAME.json` under a root
/// folder (the current folder unless `--workspace` says otherwise).
public struct MigrationWorkspace: Sendable, Equatable {
    /// Why a migration name was refused.
    public enum NameError: Error, Equatable, CustomStringConvertible {
        /// The name is empty, too long, or has characters that don't belong in a file name.
        case invalid(String)

        public var description: String {
            switch self {
            case .invalid(let name):
                return "migration name '\(name)' is not usable as a file name; use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'"
            }
        }
    }

    public let root: String
    public let name: String

    /// The workspace of migration `name` under `root`; the name becomes part of file names.
    public init(root: String = ".", name: String) throws(NameError) {
        let allowed = name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed, !name.hasPrefix(".") else { throw .invalid(name) }
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.name = name
    }

    /// `ROOT/mappings/NAME.json`.
    public var mappingFile: String { "\(root)/mappings/\(name).json" }

    /// `ROOT/state/NAME.json`.
    public var stateFile: String { "\(root)/state/\(name).json" }

    /// `ROOT/state/NAME/`: exported, transformed, rejected records and reports.
    public var stateFolder: String { "\(root)/state/\(name)" }
}
