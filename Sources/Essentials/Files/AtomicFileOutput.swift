#if canImport(Glibc)
import Glibc
#endif

/// Writes a file in pieces so that it appears all at once, or not at all.
///
/// `init` creates any missing parent folders (mode 0700) and a temporary file next to the target
/// (`.<name>.tmp-<pid>-<random>`, mode 0600). `write` buffers up to 1 MiB; `commit` flushes,
/// fsyncs the temporary file, renames it over the target and fsyncs the folder. Until `commit`
/// succeeds the target is untouched. `abandon` removes the temporary file; so does `deinit` if
/// neither was called, and so does any failed `write` or `commit`, after which the output is
/// closed and further calls throw `FileError.outputClosed`.
///
/// A large file's pages are sent to disk in the background while it is written (every 8 MiB),
/// so that the commit's `fsync` does not wait for all of them at the end.
///
/// The committed file has mode 0600 whatever the mode of the file it replaces. An output is meant
/// for one writer; it is not `Sendable`.
public final class AtomicFileOutput {
    /// Size of the write buffer; writes at least this large bypass it.
    private static let bufferSize = 1024 * 1024

    /// The target path, as given to `init`.
    public let path: String
    /// The temporary file's path, in the target's folder.
    private let temporaryPath: String
    /// The target's folder, fsynced after the rename.
    private let folder: String
    /// The temporary file, open for writing; -1 once closed.
    private var descriptor: Int32
    /// Bytes not yet written to the file; allocated on the first buffered write.
    private var buffer: UnsafeMutableRawPointer?
    /// How many bytes of `buffer` are in use.
    private var bufferedCount = 0
    /// False once committed, abandoned or failed.
    private var isOpen = true
    /// Bytes written to the file since writeback was last started.
    private var unsyncedCount = 0
    /// Early writeback of a large file, made when it first passes `writebackInterval`.
    private var writeback: BackgroundWriteback?
    /// Written bytes after which their writeback to disk is started in the background.
    static let writebackInterval = 8 << 20
    /// How many background writebacks were started (for tests).
    private(set) var writebacksStarted = 0

    /// Creates the missing parent folders of `path` and a temporary file beside it.
    ///
    /// - Throws: `FileError.cannotCreateFolder` or `FileError.cannotCreateTemporaryFile`; nothing
    ///   is left behind except folders already created.
    public init(path: String) throws {
        let slash = path.lastIndex(of: "/")
        let prefix = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty, name != ".", name != ".." else {
            throw FileError.cannotCreateTemporaryFile(path: path, errno: path.isEmpty ? ENOENT : EISDIR)
        }
        let folder = prefix.isEmpty ? "." : (prefix == "/" ? "/" : String(prefix.dropLast()))
        try Self.createFolders(folder)

        var descriptor: Int32 = -1
        var temporaryPath = ""
        var attempts = 0
        while descriptor < 0 {
            let random = String(UInt64.random(in: .min ... .max), radix: 16)
            temporaryPath = "\(prefix).\(name).tmp-\(getpid())-\(random)"
            descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor < 0 {
                let code = errno
                attempts += 1
                guard code == EINTR || (code == EEXIST && attempts < 16) else {
                    throw FileError.cannotCreateTemporaryFile(path: path, errno: code)
                }
            }
        }
        // The mode given to open is filtered by the umask; make it exactly 0600.
        _ = fchmod(descriptor, 0o600)
        self.path = path
        self.temporaryPath = temporaryPath
        self.folder = folder
        self.descriptor = descriptor
    }

    deinit {
        abandon()
    }

    /// Appends `bytes` to the output.
    ///
    /// Small writes are gathered in a 1 MiB buffer; a write that does not fit flushes it first,
    /// and a write of 1 MiB or more goes straight to the file. `bytes` is not retained.
    ///
    /// - Throws: `FileError.writeFailed` (the output is then abandoned) or `FileError.outputClosed`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard isOpen else { throw FileError.outputClosed(path: path) }
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        do {
            if bufferedCount + bytes.count > Self.bufferSize {
                try flush()
                if bytes.count >= Self.bufferSize {
                    try writeAll(source, count: bytes.count)
                    return
                }
            }
            let buffer = self.buffer ?? {
                let fresh = UnsafeMutableRawPointer.allocate(byteCount: Self.bufferSize, alignment: 16)
                self.buffer = fresh
                return fresh
            }()
            (buffer + bufferedCount).copyMemory(from: source, byteCount: bytes.count)
            bufferedCount += bytes.count
        } catch {
            abandon()
            throw error
        }
    }

    /// Writes `bytes` straight to the file after any buffered bytes, never copying them into the
    /// buffer; for one-shot writers, which would gain nothing from the buffer.
    internal func writeUnbuffered(_ bytes: UnsafeRawBufferPointer) throws {
        guard isOpen else { throw FileError.outputClosed(path: path) }
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        do {
            try flush()
            try writeAll(source, count: bytes.count)
        } catch {
            abandon()
            throw error
        }
    }

    /// Appends the UTF-8 encoding of `string` to the output, as `write(_:)` does for bytes.
    public func write(_ string: String) throws {
        var string = string
        try string.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Makes the written bytes the content of `path`: flush, fsync, rename over the target, fsync
    /// the folder.
    ///
    /// - Throws: `FileError.writeFailed` or `FileError.cannotReplace`, after which the temporary
    ///   file is removed and the target is as it was; `FileError.folderSyncFailed`, after which the
    ///   new content is in place but may not survive a crash; or `FileError.outputClosed`.
    public func commit() throws {
        guard isOpen else { throw FileError.outputClosed(path: path) }
        do {
            try flush()
            if let failure = writeback?.finish() { throw FileError.writeFailed(path: path, errno: failure) }
            while fsync(descriptor) != 0 {
                if errno != EINTR { throw FileError.writeFailed(path: path, errno: errno) }
            }
            let closed = close(descriptor)
            descriptor = -1
            // Linux closes the descriptor even when close reports EINTR; only other errors count.
            if closed != 0, errno != EINTR { throw FileError.writeFailed(path: path, errno: errno) }
            if rename(temporaryPath, path) != 0 { throw FileError.cannotReplace(path: path, errno: errno) }
        } catch {
            abandon()
            throw error
        }
        isOpen = false
        releaseBuffer()
        try syncFolder()
    }

    /// Discards the output: closes and removes the temporary file, leaving the target as it was.
    ///
    /// Safe to call more than once, and after `commit` (when it does nothing).
    public func abandon() {
        guard isOpen else { return }
        isOpen = false
        _ = writeback?.finish()
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(temporaryPath)
        releaseBuffer()
    }

    /// Writes out the buffered bytes.
    private func flush() throws {
        guard let buffer, bufferedCount > 0 else { return }
        try writeAll(buffer, count: bufferedCount)
        bufferedCount = 0
    }

    /// Writes `count` bytes from `source`, continuing after partial writes and EINTR.
    private func writeAll(_ source: UnsafeRawPointer, count: Int) throws {
        if let failure = FileDescriptorWriter.writeAll(descriptor, source, count: count) {
            throw FileError.writeFailed(path: path, errno: failure)
        }
        unsyncedCount += count
        if unsyncedCount >= Self.writebackInterval {
            unsyncedCount = 0
            if writeback == nil { writeback = BackgroundWriteback(descriptor: descriptor) }
            if writeback?.request() == true { writebacksStarted += 1 }
        }
    }

    /// Frees the write buffer.
    private func releaseBuffer() {
        buffer?.deallocate()
        buffer = nil
        bufferedCount = 0
    }

    /// Flushes the folder entry of the renamed file to disk.
    private func syncFolder() throws {
        var folderDescriptor: Int32
        repeat {
            folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        } while folderDescriptor < 0 && errno == EINTR
        guard folderDescriptor >= 0 else { throw FileError.folderSyncFailed(path: path, errno: errno) }
        defer { close(folderDescriptor) }
        var result: Int32
        repeat {
            result = fsync(folderDescriptor)
        } while result != 0 && errno == EINTR
        // Some file systems cannot fsync a folder (EINVAL); there is nothing more to do there.
        if result != 0, errno != EINVAL {
            throw FileError.folderSyncFailed(path: path, errno: errno)
        }
    }

    /// Creates `folder` and any missing ancestors with mode 0700; existing folders are left alone.
    private static func createFolders(_ folder: String) throws {
        if isFolder(folder) { return }
        var partial = folder.hasPrefix("/") ? "/" : ""
        for component in folder.split(separator: "/", omittingEmptySubsequences: true) {
            partial += partial.isEmpty || partial.hasSuffix("/") ? String(component) : "/" + component
            if mkdir(partial, 0o700) == 0 {
                // The mode given to mkdir is filtered by the umask; make it exactly 0700.
                _ = chmod(partial, 0o700)
            } else {
                let code = errno
                guard code == EEXIST else { throw FileError.cannotCreateFolder(path: partial, errno: code) }
                guard isFolder(partial) else { throw FileError.cannotCreateFolder(path: partial, errno: ENOTDIR) }
            }
        }
    }

    /// Whether `path` names a folder (following symbolic links).
    private static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
