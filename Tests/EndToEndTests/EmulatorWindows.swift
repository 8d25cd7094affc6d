import Essentials
import Foundation
import MigrationKit
import OrgEmulator

/// A named migration's exported windows as the emulator's default source org generates them
/// (contract §6, as the emulator reads it), one file per day, with a mapping file generated from
/// both orgs' lists and completed by hand the way an admin would: the ambiguous queue gets its
/// first candidate and each unmatched entity a destination entity of its kind.
enum EmulatorWindows {
    /// What was written: records per window, the source org's id, and every top-level field used.
    struct Written {
        var windows: [String: Int]
        var sourceOrgId: String
        var fields: Set<String>
        var mapping: MappingFile
    }

    static func write(root: String, name: String, records: Int, seed: UInt64 = 21) throws -> Written {
        let workspace = try MigrationWorkspace(root: root, name: name)
        let pair = DefaultOrgPair.make(seed: seed, interactionCount: records, from: ISOTimestamp(year: 2024, month: 1, day: 15), days: 2)
        func directory(_ org: OrgContent) -> OrgDirectory {
            OrgDirectory(orgId: org.id, orgName: org.name, apiBase: "http://127.0.0.1:1",
                         queues: org.queues.map { RoutingEntity(id: $0.id, name: $0.name, division: $0.divisionName) },
                         flows: org.flows.map { RoutingEntity(id: $0.id, name: $0.name, type: $0.type) },
                         wrapupCodes: org.wrapupCodes.map { RoutingEntity(id: $0.id, name: $0.name) })
        }
        let destination = directory(pair.destination)
        let mapping = MappingGenerator.generate(source: directory(pair.source), destination: destination, previous: nil,
                                                generatedAt: ISOTimestamp(year: 2026, month: 1, day: 10)).file
            .resolvingOpenEntries { destination[$0][0].id }
        try mapping.write(to: workspace.mappingFile)
        var lines: [String: [UInt8]] = [:]
        var fields = Set<String>()
        for record in pair.source.interactions {
            let day = String((record["startTime"]?.stringValue ?? "").prefix(10))
            lines[day, default: []] += try JSONWriter.compact(record) + [0x0A]
            fields.formUnion(record.objectValue?.keys ?? [])
        }
        var counts: [String: Int] = [:]
        for (day, bytes) in lines {
            try AtomicFileWriter.write(bytes, to: workspace.exportFile(window: day))
            counts[day] = bytes.filter { $0 == 0x0A }.count
        }
        return Written(windows: counts, sourceOrgId: pair.source.id, fields: fields, mapping: mapping)
    }
}
