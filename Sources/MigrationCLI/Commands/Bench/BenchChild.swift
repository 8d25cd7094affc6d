import Essentials
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// This tool run as a child process for one row of `bench all`: its standard output collected,
/// its standard error passed on, and its resource use read from `wait4` (its own and that of
/// the children it waited for).
///
/// Spawned with `posix_spawn` and reaped with `wait4` (not `Process`, which reaps its children
/// itself and keeps their resource use); waited for on a thread of its own.
struct BenchChild: Sendable {
    /// What the child did.
    struct Result: Sendable {
        var status: Int32
        var output: String
        var seconds: Double
        /// User plus system CPU seconds of the child and of the children it waited for.
        var cpuSeconds: Double
        /// The largest peak resident set size of the child and of the children it waited for.
        var peakResidentBytes: Int
    }

    /// Why the child could not be started.
    struct Problem: Error, CustomStringConvertible {
        var arguments: [String]
        var reason: String
        var description: String { "could not run 'interaction-migrate \(arguments.joined(separator: " "))': \(reason)" }
    }

    /// Runs `interaction-migrate arguments...` to its end.
    static func run(_ arguments: [String]) async throws -> Result {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw Problem(arguments: arguments, reason: String(cString: strerror(errno))) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let started = Stopwatch.nanoseconds()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            throw Problem(arguments: arguments, reason: String(cString: strerror(spawned)))
        }
        let readEnd = pipeEnds[0], child = pid
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var output: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = read(readEnd, &buffer, buffer.count)
                    if count > 0 { output.append(contentsOf: buffer[..<count]); continue }
                    if count < 0 && errno == EINTR { continue }
                    break
                }
                close(readEnd)
                var status: Int32 = 0
                var usage = rusage()
                while wait4(child, &status, 0, &usage) < 0 && errno == EINTR {}
                let seconds = Double(Stopwatch.nanoseconds() - started) / 1e9
                // WIFEXITED / WEXITSTATUS; a child ended by a signal reports 128 + the signal.
                let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                let cpu = ProcessCPUTime.seconds(of: usage)
                continuation.resume(returning: Result(status: exit, output: String(decoding: output, as: UTF8.self), seconds: seconds,
                                                      cpuSeconds: cpu, peakResidentBytes: Int(usage.ru_maxrss) * 1024))
            }
            thread.start()
        }
    }
}
