import Foundation

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
    /// `root` as the start of a path: empty for "/", so that paths don't start with "//".
    private let prefix: String
    public let name: String

    /// The workspace of migration `name` under `root`; the name becomes part of file names.
    public init(root: String = ".", name: String) throws(NameError) {
        let allowed = name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed, !name.hasPrefix(".") else { throw .invalid(name) }
        // "" is the current folder (not "/"); trailing slashes are dropped, "/" stays "/".
        var folder = root.isEmpty ? "." : root
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        self.root = folder
        prefix = folder == "/" ? "" : folder
        self.name = name
    }

    /// `ROOT/mappings/NAME.json`: the mapping file.
    public var mappingFile: String { "\(prefix)/mappings/\(name).json" }

    /// `ROOT/state/`: every migration's state.
    public var stateRoot: String { "\(prefix)/state" }

    /// `ROOT/state/NAME.json`: the state file, each phase's progress folded in.
    public var stateFile: String { "\(stateRoot)/\(name).json" }

    /// `ROOT/state/NAME.json.bak`: the state file's previous good version.
    public var stateBackupFile: String { stateFile + ".bak" }

    /// `ROOT/state/NAME.json.STAMP.old`: the state file as it was before `--new-state` started a
    /// fresh import section (`STAMP` is a UTC time such as `20261203T091500Z`).
    public func archivedStateFile(stamp: String) -> String { "\(stateFile).\(stamp).old" }

    /// `ROOT/state/NAME.journal`: changes since the state file was last written, one per line.
    public var journalFile: String { "\(stateRoot)/\(name).journal" }

    /// `ROOT/state/NAME.lock`: held (`flock`) by the one command that writes this migration.
    public var lockFile: String { "\(stateRoot)/\(name).lock" }

    /// `ROOT/state/NAME/`: exported, transformed, rejected records and reports.
    public var stateFolder: String { "\(stateRoot)/\(name)" }

    /// `ROOT/state/NAME/export/`: one exported file per window.
    public var exportFolder: String { "\(stateFolder)/export" }

    /// `ROOT/state/NAME/transformed/`: one import-ready file per window.
    public var transformedFolder: String { "\(stateFolder)/transformed" }

    /// `ROOT/state/NAME/rejects/`: the records the transform could not carry over, per window.
    public var rejectsFolder: String { "\(stateFolder)/rejects" }

    /// `ROOT/state/NAME/reports/`: reports for the admin.
    public var reportsFolder: String { "\(stateFolder)/reports" }

    /// The workspace `verify` exports the destination into, rooted at `ROOT/state/NAME/verify/`:
    /// its own state file (`verify/state/NAME.json`) and export folder
    /// (`verify/state/NAME/export/`), never the migration's. `verify` wipes it before each run.
    public var verificationWorkspace: MigrationWorkspace {
        get throws(NameError) { try MigrationWorkspace(root: "\(stateFolder)/verify", name: name) }
    }

    /// Where large windows are sorted on disk (in a private folder of their own, removed after).
    public var temporaryFolder: String { stateFolder }

    /// The exported file of `window`.
    public func exportFile(window: String) -> String { "\(exportFolder)/\(window).jsonl" }

    /// The transformed file of `window`.
    public func transformedFile(window: String) -> String { "\(transformedFolder)/\(window).jsonl" }

    /// The rejects file of `window`.
    public func rejectsFile(window: String) -> String { "\(rejectsFolder)/\(window).jsonl" }

    /// The report `file` (such as `transform.unmapped.json`) in the reports folder.
    public func reportFile(_ file: String) -> String { "\(reportsFolder)/\(file)" }

    /// `path` relative to the root (as the state file names files), or `path` itself when it is
    /// not under the root.
    public func relative(_ path: String) -> String {
        let start = prefix.isEmpty ? "/" : prefix + "/"
        return path.hasPrefix(start) ? String(path.dropFirst(start.count)) : path
    }

    /// The windows exported so far: the names of `export/*.jsonl` (hidden and temporary files
    /// left out), sorted, which is time order for the export's names. Empty when there is no
    /// export folder.
    public func exportedWindows() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: exportFolder)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") && $0.count > 6 }
            .map { String($0.dropLast(6)) }.sorted()
    }
}
