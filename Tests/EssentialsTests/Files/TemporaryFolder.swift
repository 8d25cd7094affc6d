import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A uniquely named folder under the system's temporary directory for one test, removed afterwards.
struct TemporaryFolder {
    /// Absolute path of the folder, without a trailing slash.
    let path: String

    /// Creates a fresh folder, runs `body` with it and removes the folder and everything in it.
    @discardableResult
    static func with<Result>(_ body: (TemporaryFolder) throws -> Result) throws -> Result {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("essentials-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(TemporaryFolder(path: url.path))
    }

    /// The path of `name` inside the folder (`name` may contain slashes).
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `bytes` to `name` inside the folder with Foundation and returns its path.
    @discardableResult
    func create(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Writes the UTF-8 of `text` to `name` inside the folder with Foundation and returns its path.
    @discardableResult
    func create(_ name: String, _ text: String) throws -> String {
        try create(name, Array(text.utf8))
    }

    /// The bytes of the file at `path`, or nil if it cannot be read.
    func contents(of path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Names of the entries of the folder at `path` (this folder by default), sorted.
    func entries(of folder: String? = nil) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder ?? path)) ?? []).sorted()
    }

    /// The permission bits (`st_mode & 0o7777`) of `path`, or nil if `stat` fails.
    static func permissions(of path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }
}
