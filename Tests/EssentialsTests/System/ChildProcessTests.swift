import Essentials
import Foundation
import Testing

@Suite("Child process (posix_spawn)")
struct ChildProcessTests {
    private static func shell(_ script: String, environment: [String: String]? = nil) -> ChildProcess {
        let child = ChildProcess()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", script]
        child.environment = environment
        return child
    }

    @Test("output and error through pipes, the environment given, and the exit status")
    func pipesAndStatus() throws {
        let child = Self.shell("echo \"out $GREETING\"; echo err >&2; exit 7", environment: ["GREETING": "hello"])
        let output = Pipe()
        let error = Pipe()
        child.standardOutput = output
        child.standardError = error
        try child.run()
        #expect(child.processIdentifier > 0)
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        #expect(out == "out hello\n")
        #expect(err == "err\n")
        #expect(!child.isRunning)
        #expect(child.terminationStatus == 7)
        #expect(child.terminationReason == .exit)
    }

    @Test("a killed child reports the signal, as Process does")
    func killed() throws {
        let child = Self.shell("exec sleep 60")
        try child.run()
        #expect(child.isRunning)
        #expect(child.terminationStatus == -1)
        #expect(kill(child.processIdentifier, SIGKILL) == 0)
        child.waitUntilExit()
        #expect(child.terminationStatus == SIGKILL)
        #expect(child.terminationReason == .uncaughtSignal)
    }

    @Test("terminate and interrupt send SIGTERM and SIGINT")
    func signals() throws {
        for (send, number) in [({ (c: ChildProcess) in c.terminate() }, SIGTERM), ({ (c: ChildProcess) in c.interrupt() }, SIGINT)] {
            let child = Self.shell("exec sleep 60")
            try child.run()
            send(child)
            child.waitUntilExit()
            #expect(child.terminationStatus == number)
            #expect(child.terminationReason == .uncaughtSignal)
        }
    }

    @Test("the null device as standard input reads as empty at once")
    func nullInput() throws {
        let child = ChildProcess()
        child.executableURL = URL(fileURLWithPath: "/bin/cat")
        child.standardInput = FileHandle.nullDevice
        let output = Pipe()
        child.standardOutput = output
        try child.run()
        #expect(output.fileHandleForReading.readDataToEndOfFile().isEmpty)
        child.waitUntilExit()
        #expect(child.terminationStatus == 0)
    }

    @Test("the child inherits no descriptor above 2: a pipe it was not given ends when the parent closes it")
    func noInheritedDescriptors() throws {
        let unrelated = Pipe()
        let child = Self.shell("exec sleep 60")
        try child.run()
        defer {
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
        }
        try unrelated.fileHandleForWriting.close()
        // Had the child inherited the write end, this read would wait for the child to end.
        #expect(unrelated.fileHandleForReading.readDataToEndOfFile().isEmpty)
        #expect(child.isRunning)
    }

    @Test("a program that does not exist is a SpawnError naming it and the fix")
    func missingProgram() {
        let child = ChildProcess()
        child.executableURL = URL(fileURLWithPath: "/nonexistent/tool")
        #expect {
            try child.run()
        } throws: { error in
            let text = String(describing: error)
            return text.contains("/nonexistent/tool") && text.contains("exists and is executable")
        }
        #expect(!child.isRunning)
    }
}
