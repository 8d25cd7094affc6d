import Essentials
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one owner of a migration's state: `state/NAME.json`, its journal `state/NAME.journal`,
/// its backup `state/NAME.json.bak` and its lock `state/NAME.lock`.
///
/// - A store opened for writing holds the migration's lock until ``close()`` (or until the
///   process ends): a second writer fails at once, naming the holder's pid.
/// - Each change (``record(_:)``) is one line appended to the journal and on disk before the
///   call returns; only then is it made in memory. A change costs the same however large the
///   migration has grown.
/// - When the journal has grown past the state file's own size (at least 1 MiB), it is folded
///   in: the state file is written whole and atomically, the previous one kept as
///   `NAME.json.bak`, and the journal emptied. Opening replays the journal; ``close()`` folds it,
///   so that between commands the state file alone says everything, as readable JSON.
/// - A state file that exists but can't be read, parsed, or is of a newer format is refused,
///   and nothing is written.
public actor StateStore {
    /// What a command means to do with the state.
    public enum Access: Sendable {
        /// Record changes: takes the migration's lock.
        case writing
        /// Only read (as `status` does): no lock, no change, nothing written.
        case readOnly
    }

    /// The journal size below which no fold happens.
    public static let minimumFoldBytes = 1 << 20

    public nonisolated let workspace: MigrationWorkspace
    /// The migration's state, with every recorded change made.
    public private(set) var state: MigrationState
    /// The bytes written to the journal and the state file since the store was opened.
    public private(set) var bytesWritten = 0
    /// How many times the journal was folded into the state file since the store was opened.
    public private(set) var folds = 0
    /// Whether opening found a last journal line cut short by a crash (and dropped it).
    public nonisolated let droppedTornChange: Bool

    private var sequence: Int64
    private var documentBytes: Int
    private var journal: StateJournal?
    private let lock: StateLock?

    /// Opens the state of `workspace`: for writing (locked) or only for reading.
    ///
    /// - Throws: ``StateStoreError``.
    public init(_ workspace: MigrationWorkspace, access: Access = .writing) throws {
        self.workspace = workspace
        lock = access == .writing ? try StateLock(workspace) : nil
        var loaded: Loaded
        do {
            loaded = try Self.load(workspace)
            // A reader holds no lock: a writer may fold between its reading the state file and
            // the journal, leaving a gap in the sequence. Read again until both agree.
            var attempts = 1
            while access == .readOnly, loaded.hasGap, attempts < 20 {
                usleep(5_000)
                loaded = try Self.load(workspace)
                attempts += 1
            }
        } catch {
            lock?.release()
            throw error
        }
        var state = loaded.state
        let needsFold = loaded.needsFold
        let contents = loaded.journal
        let bytes = loaded.document
        var sequence = state.journalSequence
        for (number, change) in contents.changes where number > state.journalSequence {
            state.apply(change)
            sequence = number
        }
        self.state = state
        self.sequence = sequence
        documentBytes = bytes?.count ?? 0
        droppedTornChange = contents.tornTail
        if access == .writing {
            do {
                journal = try StateJournal(path: workspace.journalFile, validLength: contents.validLength)
            } catch {
                lock?.release()
                throw error
            }
            if needsFold || !contents.changes.isEmpty || contents.tornTail {
                let (folded, written) = try Self.fold(state, sequence: sequence, into: workspace, journal: journal!)
                self.state = folded
                documentBytes = written
                bytesWritten = written
                folds = 1
            }
        }
    }

    /// The state file and the journal as read from disk.
    private struct Loaded {
        var state = MigrationState()
        var needsFold = false
        var document: [UInt8]?
        var journal = StateJournal.Contents()

        /// Whether the journal's first change is not the one after the state file's last: a
        /// backup put back by hand, or (for a reader) a fold between the two reads. Changes
        /// each set one value, so applying the later ones over an earlier state is safe; a
        /// writer does, and the work in between is done again.
        var hasGap: Bool {
            guard let first = journal.changes.first(where: { $0.sequence > state.journalSequence }) else { return false }
            return first.sequence != state.journalSequence + 1
        }
    }

    private static func load(_ workspace: MigrationWorkspace) throws -> Loaded {
        let path = workspace.stateFile
        // Named in an error only when there is one to go back to.
        let backup = FileManager.default.fileExists(atPath: workspace.stateBackupFile) ? workspace.stateBackupFile : nil
        var loaded = Loaded()
        do { loaded.document = try FileContents.readIfPresent(path: path) } catch {
            throw StateStoreError.unreadable(path: path, reason: Self.reason(error), backup: backup)
        }
        if let bytes = loaded.document {
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch {
                throw StateStoreError.damaged(path: path, reason: "it is not JSON (\(error))", backup: backup)
            }
            if let version = value["formatVersion"]?.intValue, version > MigrationState.formatVersion {
                throw StateStoreError.newerFormat(path: path, found: version, supported: MigrationState.formatVersion, backup: backup)
            }
            do { loaded.state = try MigrationState(document: value) } catch {
                throw StateStoreError.damaged(path: path, reason: error.description, backup: backup)
            }
            loaded.needsFold = value["formatVersion"]?.intValue != MigrationState.formatVersion
        }
        do { loaded.journal = try StateJournal.read(path: workspace.journalFile) } catch let error as StateStoreError {
            throw error
        } catch {
            throw StateStoreError.unreadable(path: workspace.journalFile, reason: Self.reason(error), backup: backup)
        }
        return loaded
    }

    /// Records `change`: on disk first, then in ``state``. When this throws, neither has it.
    public func record(_ change: StateChange) throws {
        guard let journal else { throw StateStoreError.readOnly(path: workspace.stateFile) }
        let next = sequence + 1
        bytesWritten += try journal.append(change, sequence: next)
        sequence = next
        state.apply(change)
        if journal.length >= max(Self.minimumFoldBytes, documentBytes) {
            // The change is safe in the journal; a fold that fails is tried again later.
            try? foldJournal()
        }
    }

    /// Records several changes, in order.
    public func record(_ changes: [StateChange]) throws {
        for change in changes { try record(change) }
    }

    /// Writes the state file whole now and empties the journal.
    public func fold() throws {
        guard journal != nil else { throw StateStoreError.readOnly(path: workspace.stateFile) }
        try foldJournal()
    }

    /// Starts a fresh import section (`--new-state`): the state file as it is now (journal folded
    /// in) is kept as ``MigrationWorkspace/archivedStateFile(stamp:)``, then everything the
    /// import recorded is forgotten. Export and transform progress stays. Returns the kept
    /// file's path, or nil when there was no import progress to keep.
    public func startFreshImport(stamp: String) throws -> String? {
        guard journal != nil else { throw StateStoreError.readOnly(path: workspace.stateFile) }
        guard !state.imports.isEmpty else { return nil }
        try foldJournal()
        let archive = workspace.archivedStateFile(stamp: stamp)
        do { try AtomicFileWriter.write(try FileContents.read(path: workspace.stateFile), to: archive) } catch {
            throw StateStoreError.writeFailed(path: archive, reason: Self.reason(error))
        }
        try record(.importReset)
        try foldJournal()
        return archive
    }

    /// Folds the journal and releases the lock. The store takes no changes afterwards.
    ///
    /// When nothing was recorded since the state file was last written (a command that stopped
    /// before doing anything, such as on a malformed mapping file), nothing is written: the state
    /// file stays as it is, its backup stays the previous good version, and a migration that had
    /// no state file still has none.
    public func close() throws {
        guard let journal else { return }
        defer {
            journal.close()
            self.journal = nil
            lock?.release()
        }
        guard !journal.isEmpty else { return }
        try foldJournal()
    }

    private func foldJournal() throws {
        guard let journal else { return }
        let (folded, written) = try Self.fold(state, sequence: sequence, into: workspace, journal: journal)
        state = folded
        documentBytes = written
        bytesWritten += written
        folds += 1
    }

    /// Writes `state` (with changes up to `sequence`) as the state file, keeping the previous one
    /// as the backup, and empties `journal`. Returns the state as written and its size.
    private static func fold(_ state: MigrationState, sequence: Int64, into workspace: MigrationWorkspace,
                             journal: StateJournal) throws -> (MigrationState, Int) {
        var folded = state
        folded.journalSequence = sequence
        let path = workspace.stateFile
        let bytes: [UInt8]
        do { bytes = try JSONWriter.pretty(folded.document, sortedKeys: false) } catch {
            throw StateStoreError.writeFailed(path: path, reason: "\(error)")
        }
        try keepBackup(of: workspace)
        do { try AtomicFileWriter.write(bytes, to: path) } catch {
            throw StateStoreError.writeFailed(path: path, reason: reason(error))
        }
        try journal.reset()
        return (folded, bytes.count)
    }

    /// Keeps the state file as it is (a good version: read at open, or written by this store) as
    /// `NAME.json.bak`, replacing the older backup in one step.
    private static func keepBackup(of workspace: MigrationWorkspace) throws {
        let path = workspace.stateFile
        let backup = workspace.stateBackupFile
        let staging = backup + ".tmp"
        unlink(staging)
        guard link(path, staging) == 0 else {
            let code = errno
            if code == ENOENT { return }  // No state file yet: nothing to keep.
            // A file system without hard links: copy instead (the state file is small).
            do { try AtomicFileWriter.write(try FileContents.read(path: path), to: backup) } catch {
                throw StateStoreError.writeFailed(path: backup, reason: reason(error))
            }
            return
        }
        guard rename(staging, backup) == 0 else {
            let code = errno
            unlink(staging)
            throw StateStoreError.writeFailed(path: backup, reason: String(cString: strerror(code)))
        }
    }

    private static func reason(_ error: any Error) -> String { "\(error)" }
}
