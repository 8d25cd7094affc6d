/// Why a migration's state could not be opened or changed. Each message names the file and says
/// what to do; nothing was overwritten when one of these is thrown.
public enum StateStoreError: Error, Equatable, CustomStringConvertible {
    /// Another command holds the migration's lock.
    case locked(migration: String, lockFile: String, holder: Int32?)
    /// The lock file could not be opened or locked.
    case lockFailed(lockFile: String, reason: String)
    /// The state file exists but could not be read. `backup` is the previous good state file,
    /// nil when there is none yet (a migration's first command keeps none).
    case unreadable(path: String, reason: String, backup: String?)
    /// The state file is not JSON, or not the shape this version writes.
    case damaged(path: String, reason: String, backup: String?)
    /// The state file was written by a newer version of the tool.
    case newerFormat(path: String, found: Int64, supported: Int64, backup: String?)
    /// A line of the journal other than the last one is not a change this version knows.
    case journalDamaged(path: String, line: Int, reason: String)
    /// Writing a change failed; the change was not made, in memory or on disk.
    case writeFailed(path: String, reason: String)
    /// The store was opened read-only and takes no changes.
    case readOnly(path: String)
    /// An earlier write failed in a way that left the journal's end unknown; the store takes no
    /// more changes.
    case closed(path: String)

    public var description: String {
        switch self {
        case let .locked(migration, lockFile, holder):
            let who = holder.map { "process \($0)" } ?? "another process"
            return "migration '\(migration)' is in use by \(who), which holds \(lockFile); wait for it to finish or stop it, then run again (the lock is released when that process ends, even if it crashed)"
        case let .lockFailed(lockFile, reason):
            return "cannot lock \(lockFile): \(reason); check that the state folder is writable and on a local disk"
        case let .unreadable(path, reason, backup):
            return "state file \(path) exists but cannot be read: \(reason); nothing was changed. Fix its permissions, or \(Self.restoreHint(path: path, backup: backup))"
        case let .damaged(path, reason, backup):
            return "state file \(path) is damaged: \(reason); nothing was changed. Undo the edit, or \(Self.restoreHint(path: path, backup: backup))"
        case let .newerFormat(path, found, supported, backup):
            return "state file \(path) has formatVersion \(found), but this version of interaction-migrate reads up to \(supported); use the newer version that wrote it, or \(Self.restoreHint(path: path, backup: backup))"
        case let .journalDamaged(path, line, reason):
            return "state journal \(path) line \(line) is damaged: \(reason); nothing was changed. Move the journal aside to go back to the state file as last written (work recorded since then is done again; imports reconcile it, never duplicate it)"
        case let .writeFailed(path, reason):
            return "cannot record progress in \(path): \(reason); the change was not made. Check free space and permissions, then run again"
        case let .readOnly(path):
            return "the state of \(path) was opened only for reading; this is a bug in interaction-migrate, please report it"
        case let .closed(path):
            return "the state journal \(path) could not be restored after a failed write; stop, check the disk, and run again"
        }
    }

    private static func restoreHint(path: String, backup: String?) -> String {
        guard let backup else {
            return "move it aside with 'mv \(path) \(path).damaged' to start this migration's state afresh (there is no backup yet: a migration's first command keeps none; windows are exported and transformed again; records the destination already holds are refused by its DUPLICATE_KEY answers, never imported twice, and 'import --reconcile-duplicates' sends the others)"
        }
        return "go back to its previous good version with 'cp \(backup) \(path)' (work recorded since then is done again; imports reconcile it, never duplicate it)"
    }
}
