import Essentials
import Foundation

/// The one owner of a migration's state file (`state/NAME.json`). Phases send it changes; it
/// applies them to its copy and writes the whole file atomically after each change, so a crash
/// leaves either the old or the new file, never half of one.
///
/// The file is a JSON object with a section per phase (`export`, `transform`, `import`) and a
/// `formatVersion`. Secrets are never stored in it.
public actor StateStore {
    /// Why the state file could not be used.
    public enum Problem: Error, CustomStringConvertible {
        /// The file exists but is not a JSON object of a known format version.
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason):
                return "state file \(path) cannot be used: \(reason); restore it from a backup, or move it aside to start this migration's progress afresh"
            }
        }
    }

    public let path: String
    private var document: JSONObject

    /// Opens the state file at `path`, or starts an empty one (written on the first change).
    public init(path: String) throws {
        self.path = path
        if let data = FileManager.default.contents(atPath: path) {
            let value: JSONValue
            do { value = try JSONParser.parse([UInt8](data)) } catch {
                throw Problem.unreadable(path: path, reason: "\(error)")
            }
            guard let object = value.objectValue else { throw Problem.unreadable(path: path, reason: "it is not a JSON object") }
            guard object["formatVersion"] == .int(1) else {
                throw Problem.unreadable(path: path, reason: "its formatVersion is not 1")
            }
            document = object
        } else {
            document = JSONObject([("formatVersion", .int(1))])
        }
    }

    /// The section of `phase` (an empty object when there is none yet).
    public func section(_ phase: String) -> JSONObject {
        document[phase]?.objectValue ?? JSONObject()
    }

    /// Changes the section of `phase` and writes the file.
    public func updateSection(_ phase: String, _ change: @Sendable (inout JSONObject) -> Void) throws {
        var section = document[phase]?.objectValue ?? JSONObject()
        change(&section)
        document[phase] = .object(section)
        try AtomicFileWriter.write(try JSONWriter.pretty(.object(document), sortedKeys: false), to: path)
    }
}
