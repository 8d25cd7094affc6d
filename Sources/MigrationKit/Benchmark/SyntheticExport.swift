import Essentials

/// A synthetic export for the transform benchmark: a JSON Lines file of interaction records of
/// the contract's §6 shape (those of ``SampleInteractions``), and the mapping file that maps
/// every queue, flow and wrap-up code they reference.
public enum SyntheticExport {
    /// How many bytes are gathered before they are handed to the output.
    private static let chunkSize = 1024 * 1024

    /// Writes `records` exported records to `path`, atomically, and returns the matching mapping,
    /// the source org id (`externalId`s will be `<sourceOrgId>:<id>`), the file's size, and the
    /// top-level field names the records use (a destination schema that knows them all drops
    /// none).
    ///
    /// Records are streamed in 1 MiB chunks, so a file of any size (800,000 records make about
    /// 1 GB) takes a few MiB of memory. Their ids are random UUIDs, so the file is in no order of
    /// `externalId`. A share `unmappedShare` (0 to 1) of the records, chosen at random, reference a
    /// retired queue that the mapping lists as `unmatched` instead of their own; with the default
    /// 0 there is no such queue and every reference maps. The same arguments give the same bytes
    /// and the same mapping.
    ///
    /// - Throws: `FileError` from writing `path`; the target is then left as it was.
    public static func write(
        records: Int, to path: String, seed: UInt64 = 42, unmappedShare: Double = 0
    ) throws -> (mapping: MappingFile, sourceOrgId: String, bytes: Int, fields: Set<String>) {
        precondition(records >= 0, "records must not be negative")
        precondition((0...1).contains(unmappedShare), "unmappedShare must be between 0 and 1")
        var generator = SampleInteractions.Generator(seed: seed)
        // Separate streams, so that the records are those of SampleInteractions for the seed.
        var identities = SeededGenerator(seed: seed ^ 0x5EED_0F0A_11DE_0001)
        var choices = SeededGenerator(seed: seed ^ 0x5EED_0F0A_11DE_0002)
        let sourceOrgId = identities.uuidString()
        let destinationOrgId = identities.uuidString()
        let retiredQueueId = unmappedShare > 0 ? identities.uuidString() : nil
        let mapping = makeMapping(
            generator: generator, sourceOrgId: sourceOrgId, destinationOrgId: destinationOrgId,
            retiredQueueId: retiredQueueId, identities: &identities)

        let output = try AtomicFileOutput(path: path)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(chunkSize + 4096)
        var bytes = 0
        var fields = Set<String>()
        for _ in 0..<records {
            var override: String?
            if let retiredQueueId, Double(choices.next() >> 11) * 0x1p-53 < unmappedShare {
                override = retiredQueueId
            }
            let record = generator.next(queueOverride: override)
            for member in record.objectValue?.members ?? [] { fields.insert(member.key) }
            // Compact output of a value built from finite numbers cannot fail.
            try? JSONWriter.append(record, style: .compact, to: &chunk)
            chunk.append(UInt8(ascii: "\n"))
            if chunk.count >= chunkSize {
                try chunk.withUnsafeBytes { try output.write($0) }
                bytes += chunk.count
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try chunk.withUnsafeBytes { try output.write($0) }
        bytes += chunk.count
        try output.commit()
        return (mapping, sourceOrgId, bytes, fields)
    }

    /// A mapping of every entity `generator` references to a fresh destination id (exact matches),
    /// plus the retired queue as `unmatched` when there is one.
    private static func makeMapping(
        generator: SampleInteractions.Generator, sourceOrgId: String, destinationOrgId: String,
        retiredQueueId: String?, identities: inout SeededGenerator
    ) -> MappingFile {
        let names = SampleInteractions.queueNames
        var queues = generator.queueIds.enumerated().map { position, id in
            let name = "\(names[position % names.count]) \(position + 1)"
            return MappingEntry(
                sourceId: id, sourceName: name, sourceDivision: "Home", destinationId: identities.uuidString(),
                destinationName: name, match: .exact)
        }
        if let retiredQueueId {
            queues.append(MappingEntry(sourceId: retiredQueueId, sourceName: "Retired Queue", sourceDivision: "Home", match: .unmatched))
        }
        let flows = generator.flowIds.enumerated().map { position, id in
            MappingEntry(
                sourceId: id, sourceName: "Main IVR \(position + 1)", type: "inboundcall",
                destinationId: identities.uuidString(), destinationName: "Main IVR \(position + 1)", match: .exact)
        }
        let codes = generator.wrapupCodeIds.enumerated().map { position, id in
            MappingEntry(
                sourceId: id, sourceName: "Resolved \(position + 1)", destinationId: identities.uuidString(),
                destinationName: "Resolved \(position + 1)", match: .exact)
        }
        return MappingFile(
            generatedAt: ISOTimestamp(year: 2024, month: 2, day: 1),
            source: .init(orgId: sourceOrgId, orgName: "Synthetic Source", apiBase: "https://api.mypurecloud.com"),
            destination: .init(orgId: destinationOrgId, orgName: "Synthetic Destination", apiBase: "https://api.mypurecloud.ie"),
            queues: queues, flows: flows, wrapupCodes: codes)
    }
}
