import Foundation

/// The demo's working folder: a new temporary one, removed at the end, or the admin's `--keep`
/// folder (new or empty), kept.
struct DemoFolder {
    /// A `--keep` folder that can't be used.
    struct Unusable: Error, CustomStringConvertible, ExitCodeProviding {
        var path: String
        var reason: String
        var description: String { "--keep \(path): \(reason); name a new or empty folder" }
        var exitStatus: ExitCode { .usage }
    }

    let path: String
    let kept: Bool

    init(keep: String?) throws {
        let files = FileManager.default
        if let keep {
            var isFolder: ObjCBool = false
            if files.fileExists(atPath: keep, isDirectory: &isFolder) {
                guard isFolder.boolValue else { throw Unusable(path: keep, reason: "it is a file") }
                guard ((try? files.contentsOfDirectory(atPath: keep)) ?? ["?"]).isEmpty else {
                    throw Unusable(path: keep, reason: "it is not empty (the demo would mix its migration with what is there)")
                }
            } else {
                do { try files.createDirectory(atPath: keep, withIntermediateDirectories: true) } catch {
                    throw Unusable(path: keep, reason: "it can't be created (\(error.localizedDescription))")
                }
            }
            path = URL(fileURLWithPath: keep).standardizedFileURL.path
            kept = true
        } else {
            var template = Array((NSTemporaryDirectory() + "/interaction-migrate-demo-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else { throw Unusable(path: NSTemporaryDirectory(), reason: "no temporary folder could be made in it") }
            path = String(cString: made)
            kept = false
        }
    }

    /// Removes the folder unless it is kept.
    func finish() {
        if !kept { try? FileManager.default.removeItem(atPath: path) }
    }
}
