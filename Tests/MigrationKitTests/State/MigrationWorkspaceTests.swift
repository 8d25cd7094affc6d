import Essentials
import Foundation
@testable import MigrationKit
import Testing

@Suite("Migration workspace (names and paths)")
struct MigrationWorkspaceTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("names that are not plain file names are refused with NameError.invalid naming them",
          arguments: ["", "../x", ".hidden", String(repeating: "a", count: 65), "a b", "a/b", "..", "été", "x\n"])
    func refusedNames(_ name: String) {
        #expect(throws: MigrationWorkspace.NameError.invalid(name)) {
            _ = try MigrationWorkspace(root: "/tmp", name: name)
        }
        #expect(MigrationWorkspace.NameError.invalid(name).description.contains("'\(name)'"))
    }

    @Test("letters, digits, '.', '_' and '-' up to 64 characters are accepted as they are",
          arguments: ["acme-2024_v1.0", "a", "A9", String(repeating: "z", count: 64), "x.", "-rf"])
    func acceptedNames(_ name: String) throws {
        let workspace = try MigrationWorkspace(root: "/srv/migrations", name: name)
        #expect(workspace.name == name)
        #expect(workspace.root == "/srv/migrations")
    }

    @Test("every path is the one its name says, under ROOT/mappings and ROOT/state")
    func paths() throws {
        let w = try MigrationWorkspace(root: "/srv/m", name: "acme-2024_v1.0")
        #expect(w.mappingFile == "/srv/m/mappings/acme-2024_v1.0.json")
        #expect(w.stateRoot == "/srv/m/state")
        #expect(w.stateFile == "/srv/m/state/acme-2024_v1.0.json")
        #expect(w.stateBackupFile == "/srv/m/state/acme-2024_v1.0.json.bak")
        #expect(w.journalFile == "/srv/m/state/acme-2024_v1.0.journal")
        #expect(w.lockFile == "/srv/m/state/acme-2024_v1.0.lock")
        #expect(w.stateFolder == "/srv/m/state/acme-2024_v1.0")
        #expect(w.exportFolder == "/srv/m/state/acme-2024_v1.0/export")
        #expect(w.transformedFolder == "/srv/m/state/acme-2024_v1.0/transformed")
        #expect(w.rejectsFolder == "/srv/m/state/acme-2024_v1.0/rejects")
        #expect(w.reportsFolder == "/srv/m/state/acme-2024_v1.0/reports")
        #expect(w.exportFile(window: "2024-01-15") == "/srv/m/state/acme-2024_v1.0/export/2024-01-15.jsonl")
        #expect(w.transformedFile(window: "2024-01-15") == "/srv/m/state/acme-2024_v1.0/transformed/2024-01-15.jsonl")
        #expect(w.rejectsFile(window: "2024-01-15") == "/srv/m/state/acme-2024_v1.0/rejects/2024-01-15.jsonl")
        #expect(w.reportFile("transform.unmapped.json") == "/srv/m/state/acme-2024_v1.0/reports/transform.unmapped.json")
    }

    @Test("the root defaults to the current folder, and a trailing slash on it is dropped")
    func roots() throws {
        #expect(try MigrationWorkspace(name: "acme").mappingFile == "./mappings/acme.json")
        #expect(try MigrationWorkspace(name: "acme").stateFile == "./state/acme.json")
        let slashed = try MigrationWorkspace(root: "/srv/m/", name: "acme")
        #expect(slashed.root == "/srv/m")
        #expect(slashed.stateFile == "/srv/m/state/acme.json")
        #expect(slashed == (try MigrationWorkspace(root: "/srv/m", name: "acme")))
        #expect(try MigrationWorkspace(root: "rel/", name: "acme").journalFile == "rel/state/acme.journal")
        #expect(try MigrationWorkspace(root: "/", name: "acme").root == "/")
        #expect(try MigrationWorkspace(root: "/", name: "acme").stateFile == "/state/acme.json")
        #expect(try MigrationWorkspace(root: "/srv//", name: "acme").lockFile == "/srv/state/acme.lock")
        // An empty root is the current folder, never the file system's root.
        #expect(try MigrationWorkspace(root: "", name: "acme").root == ".")
        #expect(try MigrationWorkspace(root: "", name: "acme").stateFile == "./state/acme.json")
    }

    @Test("exportedWindows lists export/*.jsonl without the extension, sorted, leaving out hidden files, other extensions and a bare .jsonl")
    func exportedWindows() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try MigrationWorkspace(root: root, name: "acme")
        try FileManager.default.createDirectory(atPath: w.exportFolder, withIntermediateDirectories: true)
        for file in ["2024-01-03.jsonl", "2024-01-01.jsonl", "2024-01-02.jsonl", ".x.jsonl", ".jsonl", "notes.txt",
                     "2024-01-04.jsonl.tmp", "2024-01-05.json"] {
            try AtomicFileWriter.write("{}\n", to: "\(w.exportFolder)/\(file)")
        }
        #expect(w.exportedWindows() == ["2024-01-01", "2024-01-02", "2024-01-03"])
    }

    @Test("exportedWindows is empty when there is no export folder, or nothing exported in it")
    func noExportedWindows() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try MigrationWorkspace(root: root, name: "acme")
        #expect(w.exportedWindows() == [])
        try FileManager.default.createDirectory(atPath: w.exportFolder, withIntermediateDirectories: true)
        try AtomicFileWriter.write("{}\n", to: "\(w.exportFolder)/.hidden.jsonl")
        #expect(w.exportedWindows() == [])
        try AtomicFileWriter.write("{}\n", to: "\(w.exportFolder)/w1.jsonl")
        #expect(w.exportedWindows() == ["w1"])
    }
}
