import Essentials
import Foundation
import MigrationKit
import OrgEmulator

/// Exported records as the emulator's default source org generates them (contract §6, as the
/// emulator reads it), with the mapping file `mappings generate` would write for the default pair.
/// The pair's documented differences leave some references unmapped (an ambiguous queue, entities
/// missing in the destination), as in a real migration.
enum EmulatorExport {
    /// Writes `records` records of the source org, in the generator's order (not sorted by id), to
    /// `path` as JSON Lines, and returns what transforming them needs.
    static func write(records: Int, to path: String, seed: UInt64 = 1) throws
        -> (mapping: MappingFile, sourceOrgId: String, fields: Set<String>, records: [JSONValue]) {
        let pair = DefaultOrgPair.make(seed: seed, interactionCount: records, from: ISOTimestamp(year: 2024, month: 1, day: 15), days: 2)
        let generation = MappingFixtures.generate(MappingFixtures.directory(pair.source, apiBase: "http://127.0.0.1:8001"),
                                                  MappingFixtures.directory(pair.destination, apiBase: "http://127.0.0.1:8002"))
        var bytes: [UInt8] = []
        var fields = Set<String>()
        for record in pair.source.interactions {
            bytes += try JSONWriter.compact(record)
            bytes.append(0x0A)
            fields.formUnion(record.objectValue?.keys ?? [])
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFileWriter.write(bytes, to: path)
        return (generation.file, pair.source.id, fields, pair.source.interactions)
    }
}
