#if canImport(Glibc)
import Glibc
#endif

/// Sorts byte lines by a string key in bounded memory, spilling sorted runs to disk and merging
/// them: the transform phase uses it to write each export window's records sorted by
/// `externalId` (contract §7.5) when a window is larger than memory.
///
/// Order: by the key's UTF-8 bytes (memcmp order, a prefix first), then by the line's bytes, so
/// the output depends only on the set of records added, never on their order or on the budget.
/// Duplicate keys are allowed; every line is emitted.
///
/// Memory: records are copied into one arena with a 24-byte entry each (no allocation per
/// record), and `arena bytes + 24 × records` never exceeds `memoryBudget`. When the next record
/// would pass it, the held records are sorted in place and written to a run file (1 MiB write
/// buffer), and the arena is reused. ``finish(_:)`` then frees the arena before merging, so the
/// merge's read buffers take its place: at most ``defaultMergeFanIn`` runs are merged at once
/// (more runs first go through intermediate merge passes), each read through a buffer of
/// min(budget, 32 MiB) / runs, between 64 KiB and 1 MiB. Peak memory is therefore about the
/// budget plus 1 MiB, or 32 MiB plus 1 MiB when merging with a budget below that. A single record
/// larger than the budget is held alone, in memory of its own size.
///
/// Run files live in a private folder (mode 0700) created under the temporary folder given to
/// `init`; the folder and every run are removed when ``finish(_:)`` returns or throws, when
/// ``add(key:line:)`` throws, or when the sorter is released unfinished. A sorter is for one
/// caller; it is not `Sendable`.
public final class ExternalSorter {
    /// The most runs merged at once.
    public static let defaultMergeFanIn = 64
    /// The most memory given to read buffers during a merge.
    static let mergeBufferTotal = 32 * 1024 * 1024
    /// Bounds on one run's read buffer during a merge.
    static let readBufferRange = (64 * 1024)...(1024 * 1024)

    /// The bytes of arena plus entries held before a run is spilled.
    public let memoryBudget: Int
    /// The sorter's private folder for its run files; gone once the sorter is finished.
    public let runFolder: String
    /// How many records have been added.
    public private(set) var recordCount = 0
    /// How many runs were written to disk from memory (intermediate merge outputs not counted).
    public private(set) var spilledRunCount = 0

    /// The most runs merged at once.
    private let mergeFanIn: Int
    /// The records held in memory; `nil` until the first record, and after finishing.
    private var buffer: SortBuffer?
    /// Run files on disk, oldest first.
    private var runs: [String] = []
    /// Number for the next run file's name.
    private var nextRunNumber = 0
    /// False once finished, or after an error.
    private var isOpen = true
    /// Whether `runFolder` still exists.
    private var folderExists = true

    /// A sorter that holds at most `memoryBudget` bytes of records before spilling to a new
    /// folder under `temporaryFolder` (created with its missing parents, mode 0700).
    ///
    /// - Throws: `ExternalSortError.cannotCreateFolder`.
    public convenience init(memoryBudget: Int, temporaryFolder: String) throws {
        try self.init(memoryBudget: memoryBudget, temporaryFolder: temporaryFolder, mergeFanIn: Self.defaultMergeFanIn)
    }

    /// A sorter merging at most `mergeFanIn` runs at once (tests use a small fan-in to exercise
    /// intermediate merge passes).
    init(memoryBudget: Int, temporaryFolder: String, mergeFanIn: Int) throws {
        precondition(memoryBudget > 0, "memoryBudget must be positive")
        precondition(mergeFanIn >= 2, "mergeFanIn must be at least 2")
        let parent = temporaryFolder.isEmpty ? "." : temporaryFolder
        try Self.createFolders(parent)
        var template = Array((parent.hasSuffix("/") ? parent : parent + "/").utf8CString.dropLast())
        template += Array("sort-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw ExternalSortError.cannotCreateFolder(path: String(cString: template), errno: errno)
        }
        runFolder = String(cString: created)
        self.memoryBudget = memoryBudget
        self.mergeFanIn = mergeFanIn
    }

    deinit {
        buffer = nil
        removeRunsAndFolder()
    }

    /// Adds one record: `line` (copied; not retained) to be emitted in the order of `key`.
    ///
    /// May sort and write the records held so far to a run file first.
    ///
    /// - Throws: `ExternalSortError` (the sorter is then closed and its files removed).
    public func add(key: String, line: UnsafeRawBufferPointer) throws {
        var key = key
        try key.withUTF8 { try add(key: UnsafeRawBufferPointer($0), line: line) }
    }

    /// Adds one record whose key is given as its UTF-8 bytes; see ``add(key:line:)``.
    public func add(key: UnsafeRawBufferPointer, line: UnsafeRawBufferPointer) throws {
        precondition(isOpen, "ExternalSorter used after finish or after an error")
        do {
            guard key.count <= UInt32.max, line.count <= UInt32.max else {
                throw ExternalSortError.recordTooLarge(bytes: max(key.count, line.count))
            }
            let bytes = key.count + line.count
            if let held = buffer, !held.fits(recordBytes: bytes) {
                if held.count > 0 { try spill() }
                // Still too big for an empty buffer: make one just for this record.
                if let empty = buffer, !empty.fits(recordBytes: bytes) { buffer = nil }
            }
            let target = try buffer ?? SortBuffer(limit: max(memoryBudget, bytes + SortBuffer.entrySize))
            buffer = target
            target.append(key: key, line: line)
            recordCount += 1
        } catch {
            close()
            throw error
        }
    }

    /// Calls `emit` with every line added, in order of key bytes then line bytes, and removes the
    /// run files. `emit`'s buffer is valid only during that call.
    ///
    /// Sorts in memory when nothing was spilled; otherwise spills the rest and merges the runs.
    /// The sorter takes no more calls afterwards.
    ///
    /// - Throws: `ExternalSortError`, or whatever `emit` throws; the run files are removed either way.
    public func finish(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(isOpen, "ExternalSorter used after finish or after an error")
        defer { close() }
        if runs.isEmpty {
            guard let held = buffer else { return }
            held.sort()
            try held.forEach { _, line in try emit(line) }
            return
        }
        if let held = buffer, held.count > 0 { try spill() }
        // The arena is no longer needed; the merge's read buffers take its place.
        buffer = nil
        try merge(emit)
    }

    // MARK: - Runs

    /// Sorts the held records and writes them to a new run file, then empties the buffer.
    private func spill() throws {
        guard let held = buffer else { return }
        held.sort()
        let path = newRunPath()
        let writer = try SortRunWriter(path: path)
        try held.forEach { key, line in try writer.append(key: key, line: line) }
        try writer.close()
        spilledRunCount += 1
        // A buffer grown for one oversized record goes; the next record gets a budget-sized one.
        if held.limit > memoryBudget { buffer = nil } else { held.removeAll() }
    }

    /// Merges every run into `emit`, first merging the oldest runs into new ones while there are
    /// more than `mergeFanIn`.
    private func merge(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        while runs.count > mergeFanIn {
            let group = Array(runs.prefix(mergeFanIn))
            let writer = try SortRunWriter(path: newRunPath())
            try mergeRuns(group) { key, line in try writer.append(key: key, line: line) }
            try writer.close()
            for path in group { unlink(path) }
            runs.removeFirst(group.count)
        }
        try mergeRuns(runs) { _, line in try emit(line) }
    }

    /// Calls `body` with the records of the runs at `paths` in order: a k-way merge over a binary
    /// heap of the runs' current records.
    private func mergeRuns(
        _ paths: [String], _ body: (_ key: UnsafeRawBufferPointer, _ line: UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let share = min(memoryBudget, Self.mergeBufferTotal) / max(paths.count, 1)
        let bufferSize = min(max(share, Self.readBufferRange.lowerBound), Self.readBufferRange.upperBound)
        var readers: [SortRunReader] = []
        readers.reserveCapacity(paths.count)
        for path in paths {
            let reader = try SortRunReader(path: path, bufferSize: bufferSize)
            if try reader.advance() { readers.append(reader) }
        }
        var heap = RunHeap(readers: readers)
        while let reader = heap.top {
            try body(reader.key, reader.line)
            if try reader.advance() {
                heap.topChanged()
            } else {
                heap.removeTop()
            }
        }
    }

    /// A path for a new run file in `runFolder`, recorded so that it is removed later.
    private func newRunPath() -> String {
        let path = "\(runFolder)/run-\(nextRunNumber)"
        nextRunNumber += 1
        runs.append(path)
        return path
    }

    // MARK: - Cleanup

    /// Frees the arena and removes every file; the sorter takes no more calls.
    private func close() {
        isOpen = false
        buffer = nil
        removeRunsAndFolder()
    }

    private func removeRunsAndFolder() {
        for path in runs { unlink(path) }
        runs = []
        if folderExists {
            rmdir(runFolder)
            folderExists = false
        }
    }

    /// Creates `folder` and any missing ancestors with mode 0700; existing folders are left alone.
    private static func createFolders(_ folder: String) throws {
        var partial = folder.hasPrefix("/") ? "/" : ""
        for component in folder.split(separator: "/", omittingEmptySubsequences: true) {
            partial += partial.isEmpty || partial.hasSuffix("/") ? String(component) : "/" + component
            if mkdir(partial, 0o700) != 0 {
                let code = errno
                var status = stat()
                guard code == EEXIST else { throw ExternalSortError.cannotCreateFolder(path: partial, errno: code) }
                guard stat(partial, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
                    throw ExternalSortError.cannotCreateFolder(path: partial, errno: ENOTDIR)
                }
            }
        }
    }
}
