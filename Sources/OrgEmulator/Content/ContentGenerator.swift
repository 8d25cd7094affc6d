import Essentials

/// Builds an emulated org's content from a ``CompanyDescription`` and a seed: identity, queues,
/// flows and wrap-up codes with seeded ids, and interactions as full §6 records that use them.
///
/// The same arguments always give the same content, byte for byte: every random choice comes from
/// a ``SeededGenerator``, never from the clock or from a dictionary's order. Ids and interactions
/// are drawn from separate streams, so an org's ids do not change with `interactionCount`.
public enum ContentGenerator {
    /// An org's content.
    ///
    /// - Parameters:
    ///   - name: the org's name (`Acme Prod`); it is mixed into the seed, so two orgs of the same
    ///     seed but different names get different ids.
    ///   - seed: fixes every id and every interaction.
    ///   - description: the routing design to build.
    ///   - interactionCount: how many interactions to generate (none when not positive).
    ///   - start: the first instant of the window interactions start in.
    ///   - days: the window's length; every `startTime` lies in `[start, start + days)`.
    ///   - schemaVersions: the versions the org supports; records carry `sentiment` (v2.2's
    ///     field) only when `v2.2` is among them.
    /// - Returns: content whose interactions are sorted by `startTime`, then `id`.
    public static func org(
        name: String, seed: UInt64, description: CompanyDescription, interactionCount: Int, from start: ISOTimestamp,
        days: Int, schemaVersions: [String] = ["v2.1"]
    ) -> OrgContent {
        let orgSeed = seed ^ fnv1a(name)
        var ids = SeededGenerator.stream(seed: orgSeed, salt: 0x6964_656E_7469_7479)  // "identity"
        let orgId = ids.uuidString()
        var queues: [EmulatedQueue] = []
        queues.reserveCapacity(description.queueCount)
        var divisionRanges: [Range<Int>] = []
        for division in description.divisions {
            let divisionId = ids.uuidString()
            let first = queues.count
            for queueName in division.queueNames {
                let id = ids.uuidString()
                queues.append(EmulatedQueue(id: id, name: queueName, divisionId: divisionId, divisionName: division.name))
            }
            if queues.count > first { divisionRanges.append(first..<queues.count) }
        }
        let flows = description.flows.map { EmulatedFlow(id: ids.uuidString(), name: $0.name, type: $0.type) }
        let codes = description.wrapupCodeNames.map { EmulatedWrapupCode(id: ids.uuidString(), name: $0) }
        let users = (0..<max(1, description.agentCount)).map { _ in ids.uuidString() }
        let domain = self.domain(forOrgNamed: name)

        var interactions: [JSONValue] = []
        if interactionCount > 0, days > 0 {
            var generator = InteractionGenerator(
                queues: queues, divisionRanges: divisionRanges, flows: flows, codes: codes, users: users,
                skills: description.skills, domain: domain, withSentiment: schemaVersions.contains("v2.2"),
                random: SeededGenerator.stream(seed: orgSeed, salt: 0x7265_636F_7264_7321)  // "records!"
            )
            let windowStart = start.millisecondsSinceEpoch
            let windowLength = Int64(days) * 86_400_000
            var drafts: [(start: Int64, id: String, record: JSONValue)] = []
            drafts.reserveCapacity(interactionCount)
            for _ in 0..<interactionCount {
                drafts.append(generator.record(windowStart: windowStart, windowLength: windowLength))
            }
            drafts.sort { $0.start != $1.start ? $0.start < $1.start : $0.id < $1.id }
            interactions = drafts.map(\.record)
        }
        return OrgContent(
            name: name, id: orgId, domain: domain, queues: queues, flows: flows, wrapupCodes: codes,
            schemaVersions: schemaVersions, interactions: interactions
        )
    }

    /// The org's `domain` and `thirdPartyOrgName` (§4): its name's letters and digits, lower-case
    /// (`Acme Prod` → `acmeprod`).
    public static func domain(forOrgNamed name: String) -> String {
        let kept = name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return String(String.UnicodeScalarView(kept))
    }

    /// FNV-1a over the UTF-8 bytes: a stable hash (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
