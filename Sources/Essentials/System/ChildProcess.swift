import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A child process started with `posix_spawn`, for the places that would use Foundation's
/// `Process`. Its API is the part of `Process`'s that this package uses (executable, arguments,
/// environment, standard streams, run, wait, signals, status), so that a caller changes the type
/// and nothing else.
///
/// Why not `Process`: on Linux its `run()` finds the highest open descriptor by reading
/// `/proc/self/fd`, copying each entry's whole 256-byte name, which reads past readdir's buffer
/// and crashes (SIGSEGV) once about 1,350 descriptors are open and an entry ends the buffer
/// (swift-corelibs-foundation pull request 5472). The test process, with hundreds of loopback
/// connections open at once, crashed that way in CI. Here the child closes every descriptor
/// above 2 itself (`closefrom`), and nothing reads `/proc`.
public final class ChildProcess: @unchecked Sendable {
    /// What a spawn could not do.
    public struct SpawnError: Error, CustomStringConvertible, Sendable {
        /// The program, its reason and the fix.
        public var description: String
    }

    /// The program to run.
    public var executableURL: URL?
    /// Its arguments, without the program's name.
    public var arguments: [String] = []
    /// Its whole environment; nil for this process's.
    public var environment: [String: String]?
    /// A `Pipe` (the child gets the end it needs, the parent's copy is closed once it runs), a
    /// `FileHandle` (`FileHandle.nullDevice` is `/dev/null`), or nil for this process's own.
    public var standardInput: Any?
    /// See `standardInput`.
    public var standardOutput: Any?
    /// See `standardInput`.
    public var standardError: Any?

    private let started = Mutex<pid_t>(0)
    /// The raw `waitpid` status once the child has ended and been reaped.
    private let ended = Mutex<Int32?>(nil)

    /// A child not yet started; set its properties, then call `run()`.
    public init() {}

    /// The child's pid (0 before `run()`).
    public var processIdentifier: Int32 { started.withLock { $0 } }

    /// Starts the child. Throws `SpawnError` if it can't be started, naming the program.
    public func run() throws {
        guard let path = executableURL?.path else {
            throw SpawnError(description: "no program to run: set executableURL before run()")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Every signal to its default and none blocked, whatever this process ignores or masks.
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var parentEnds: [FileHandle] = []
        for (target, stream) in [(Int32(0), standardInput), (1, standardOutput), (2, standardError)] {
            let reads = target == 0
            switch stream {
            case nil:
                continue
            case let pipe as Pipe:
                let end = reads ? pipe.fileHandleForReading : pipe.fileHandleForWriting
                posix_spawn_file_actions_adddup2(&actions, end.fileDescriptor, target)
                parentEnds.append(end)
            case let handle as FileHandle where handle === FileHandle.nullDevice:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", reads ? O_RDONLY : O_WRONLY, 0)
            case let handle as FileHandle:
                posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
            default:
                throw SpawnError(description: "standard stream \(target) of \(path) is \(type(of: stream!)): give a Pipe, a FileHandle or nil")
            }
        }
        guard let closeFrom = Self.closeFrom else {
            throw SpawnError(description: "could not start \(path): this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later has it)")
        }
        _ = closeFrom(&actions, 3)

        let environment = self.environment ?? ProcessInfo.processInfo.environment
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "could not start \(path): \(String(cString: strerror(result))); check that it exists and is executable")
        }
        started.withLock { $0 = pid }
        // The child holds its own copies; the parent's would keep a reader from seeing the end.
        for end in parentEnds { try? end.close() }
    }

    /// Whether the child has started and not yet ended.
    public var isRunning: Bool {
        processIdentifier > 0 && reaped() == nil
    }

    /// Blocks until the child ends (at once if it has, or was never started).
    public func waitUntilExit() {
        while isRunning { usleep(2_000) }
    }

    /// Sends SIGTERM, if the child is running.
    public func terminate() { send(SIGTERM) }

    /// Sends SIGINT, if the child is running.
    public func interrupt() { send(SIGINT) }

    /// How the child ended: `.exit`, or `.uncaughtSignal` (killed). `.exit` while it runs.
    public var terminationReason: Process.TerminationReason {
        guard let status = reaped(), status & 0x7f != 0 else { return .exit }
        return .uncaughtSignal
    }

    /// Its exit status, or the signal that killed it (as `Process` reports them); -1 while it runs.
    public var terminationStatus: Int32 {
        guard let status = reaped() else { return -1 }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34), which Swift's Glibc module does
    /// not import: looked up by name.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Sends signal `number`, if the child is running (named so as not to shadow libc's `signal`).
    private func send(_ number: Int32) {
        if isRunning { kill(processIdentifier, number) }
    }

    /// The raw wait status, reaping the child the first time it is seen ended.
    private func reaped() -> Int32? {
        let pid = processIdentifier
        guard pid > 0 else { return nil }
        return ended.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &raw, WNOHANG) } while result == -1 && errno == EINTR
            // A stopped child (WIFSTOPPED) is not reported without WUNTRACED, so a match has ended.
            if result == pid { status = raw }
            // Reaped elsewhere (ECHILD): ended, its status lost; reported as exit status 255.
            if result == -1 { status = 255 << 8 }
            return status
        }
    }
}
