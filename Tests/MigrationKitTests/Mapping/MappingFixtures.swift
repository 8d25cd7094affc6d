import Essentials
import MigrationKit
import OrgEmulator

/// Small orgs and helpers shared by the mapping tests.
enum MappingFixtures {
    static let time = ISOTimestamp(year: 2026, month: 1, day: 10, hour: 12)

    static func queue(_ id: String, _ name: String, _ division: String? = "Home") -> RoutingEntity {
        RoutingEntity(id: id, name: name, division: division)
    }

    static func flow(_ id: String, _ name: String, _ type: String) -> RoutingEntity {
        RoutingEntity(id: id, name: name, type: type)
    }

    static func code(_ id: String, _ name: String) -> RoutingEntity {
        RoutingEntity(id: id, name: name)
    }

    static func source(
        queues: [RoutingEntity] = [], flows: [RoutingEntity] = [], wrapupCodes: [RoutingEntity] = [], orgId: String = "src-org"
    ) -> OrgDirectory {
        OrgDirectory(
            orgId: orgId, orgName: "Acme Prod", apiBase: "https://api.mypurecloud.com", queues: queues, flows: flows,
            wrapupCodes: wrapupCodes
        )
    }

    static func destination(
        queues: [RoutingEntity] = [], flows: [RoutingEntity] = [], wrapupCodes: [RoutingEntity] = [], orgId: String = "dst-org"
    ) -> OrgDirectory {
        OrgDirectory(
            orgId: orgId, orgName: "Acme EU", apiBase: "https://api.mypurecloud.ie", queues: queues, flows: flows,
            wrapupCodes: wrapupCodes
        )
    }

    static func generate(_ source: OrgDirectory, _ destination: OrgDirectory, previous: MappingFile? = nil) -> MappingGeneration {
        MappingGenerator.generate(source: source, destination: destination, previous: previous, generatedAt: time)
    }

    /// The default emulator pair (seed 1, no interactions) as directories.
    static let defaultPair: (source: OrgDirectory, destination: OrgDirectory) = {
        let pair = DefaultOrgPair.make(seed: 1, interactionCount: 0, from: ISOTimestamp(year: 2024, month: 1, day: 1), days: 1)
        return (directory(pair.source, apiBase: "http://127.0.0.1:8001"), directory(pair.destination, apiBase: "http://127.0.0.1:8002"))
    }()

    /// An emulated org's queues, flows and wrap-up codes, as `mappings generate` would list them.
    static func directory(_ org: OrgContent, apiBase: String) -> OrgDirectory {
        OrgDirectory(
            orgId: org.id, orgName: org.name, apiBase: apiBase,
            queues: org.queues.map { RoutingEntity(id: $0.id, name: $0.name, division: $0.divisionName) },
            flows: org.flows.map { RoutingEntity(id: $0.id, name: $0.name, type: $0.type) },
            wrapupCodes: org.wrapupCodes.map { RoutingEntity(id: $0.id, name: $0.name) }
        )
    }
}

extension MappingGeneration {
    /// The entry of the source entity named `name` in list `kind` (the first, when several share it).
    func entry(_ kind: MappingKind, _ name: String) -> MappingEntry? {
        file[kind].first { $0.sourceName == name }
    }
}
