import Essentials
import Foundation

/// `interaction-migrate emulator` run as a child process (so that a benchmark measures the
/// client's memory and CPU alone), with its info line read.
final class EmulatorProcess {
    /// One org of the info line.
    struct Org {
        var apiBase: String
        var clientId: String
        var clientSecret: String
    }

    /// Why the emulator child could not be used.
    struct Problem: Error, CustomStringConvertible {
        var reason: String
        var description: String { "the emulator child process \(reason); run 'interaction-migrate emulator' alone to see why" }
    }

    private let process = Process()
    private let output = Pipe()
    private var info: JSONValue = .null

    static func start(arguments: [String]) throws -> EmulatorProcess {
        let child = EmulatorProcess()
        child.process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.process.arguments = arguments
        child.process.standardOutput = child.output
        child.process.standardError = FileHandle.nullDevice
        try child.process.run()
        var buffer = Data()
        while !buffer.contains(0x0A) {
            let chunk = child.output.fileHandleForReading.availableData
            if chunk.isEmpty { throw Problem(reason: "ended before it printed its info line") }
            buffer.append(chunk)
        }
        do { child.info = try JSONParser.parse(Array(buffer[..<buffer.firstIndex(of: 0x0A)!])) } catch {
            child.stop()
            throw Problem(reason: "printed an info line that is not JSON")
        }
        return child
    }

    /// The org of the info line named `name`.
    func org(_ name: String) throws -> Org {
        guard let org = info["orgs"]?.arrayValue?.first(where: { $0["name"]?.stringValue == name }),
              let api = org["apiBase"]?.stringValue, let id = org["clientId"]?.stringValue, let secret = org["clientSecret"]?.stringValue
        else { throw Problem(reason: "has no org named \(name)") }
        return Org(apiBase: api, clientId: id, clientSecret: secret)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
