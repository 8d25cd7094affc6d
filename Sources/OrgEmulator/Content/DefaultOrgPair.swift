import Essentials
/// The two orgs of a migration demo or end-to-end test: `Acme Prod` (the source, with history) and
/// `Acme EU` (the destination, empty), both built from ``CompanyDescription/acme``.
///
/// The destination is the source's design with the differences a real migration meets, each one
/// deliberate and listed in ``differences`` with the outcome a name matcher should reach:
///
/// | list | source | destination | exact | normalised | ambiguous | unmatched |
/// |---|---|---|---|---|---|---|
/// | queues | 150 | 154 | 142 | 6 | 1 | 1 |
/// | flows | 30 | 32 | 27 | 2 | 0 | 1 |
/// | wrap-up codes | 40 | 42 | 37 | 2 | 0 | 1 |
///
/// The differences are the same for every seed; the seed fixes ids and interactions. The orgs'
/// names differ, and names are mixed into the seed, so every destination id differs from every
/// source id. The source supports schema v2.1 and v2.2 (its records carry `sentiment`); the
/// destination supports only v2.1 and holds no interactions.
public enum DefaultOrgPair {
    /// The source org's name.
    public static let sourceName = "Acme Prod"
    /// The destination org's name.
    public static let destinationName = "Acme EU"
    /// The schema versions the source supports.
    public static let sourceSchemaVersions = ["v2.1", "v2.2"]
    /// The schema versions the destination supports.
    public static let destinationSchemaVersions = ["v2.1"]

    /// The deliberate differences between the two orgs' configurations, and the expected matches.
    public static let differences = Differences(
        queues: Differences.EntityChanges(
            sourceCount: CompanyDescription.acme.queueCount,
            // Busy queues (first in their division), so interactions reference them often.
            differingByCase: [
                .init(sourceName: "Mobile Billing", destinationName: "Mobile billing"),
                .init(sourceName: "Broadband Sales", destinationName: "BROADBAND SALES"),
            ],
            differingByWhitespace: [
                .init(sourceName: "TV Payments", destinationName: "TV Payments "),  // trailing
                .init(sourceName: "Security Billing", destinationName: "Security  Billing"),  // inner, doubled
                .init(sourceName: "Business Billing", destinationName: "  Business Billing"),  // leading
            ],
            differingByCaseAndWhitespace: [
                .init(sourceName: "Complaints", destinationName: " complaints ")
            ],
            // The busiest Broadband queue: many records reference a queue that cannot be mapped.
            missingInDestination: [.init(name: "Broadband Billing", divisionName: "Broadband")],
            // The destination reorganised fraud handling per product: two queues of the same name,
            // neither in the source's division, so not even the division can pick one.
            ambiguousInDestination: [
                .init(name: "Fraud Prevention", sourceDivision: "Shared Services", destinationDivisions: ["Mobile", "Business"])
            ],
            destinationOnly: [
                .init(name: "EU Billing", divisionName: "Europe"),
                .init(name: "EU Tech Support", divisionName: "Europe"),
                .init(name: "Data Protection Requests", divisionName: "Europe"),
                .init(name: "German Support", divisionName: "Europe"),
            ]
        ),
        flows: Differences.EntityChanges(
            sourceCount: CompanyDescription.acme.flows.count,
            // One of the three `Customer Care` flows: the call and email flows keep their spelling.
            differingByCase: [.init(sourceName: "Customer Care", destinationName: "customer care", flowType: "inboundchat")],
            differingByWhitespace: [.init(sourceName: "After Hours", destinationName: "After Hours  ", flowType: "inboundcall")],
            missingInDestination: [.init(name: "Win-back Campaign", flowType: "outboundcall")],
            destinationOnly: [
                // Same name as a source flow, another type: matches nothing of the source's.
                .init(name: "Main IVR", flowType: "inboundemail"),
                .init(name: "EU Main IVR", flowType: "inboundcall"),
                .init(name: "GDPR Workflow", flowType: "workflow"),
            ]
        ),
        wrapupCodes: Differences.EntityChanges(
            sourceCount: CompanyDescription.acme.wrapupCodeNames.count,
            differingByCase: [.init(sourceName: "Callback Scheduled", destinationName: "Callback scheduled")],
            differingByWhitespace: [.init(sourceName: "Payment Taken", destinationName: "Payment  Taken")],
            // Fourth busiest code: agents of many records chose it.
            missingInDestination: [.init(name: "Billing Adjustment")],
            destinationOnly: [.init(name: "GDPR Request"), .init(name: "Escalated to EU Team"), .init(name: "Language - German")]
        ),
        destinationFlowTypesUpperCased: true
    )

    /// The destination's design: ``CompanyDescription/acme`` with ``differences`` applied.
    public static let destinationDescription: CompanyDescription = {
        var description = CompanyDescription.acme
        description.name = "Acme EU"
        let queues = differences.queues, flows = differences.flows, codes = differences.wrapupCodes
        for change in queues.renamed { description.renameQueue(named: change.sourceName, to: change.destinationName) }
        for missing in queues.missingInDestination { description.removeQueue(named: missing.name) }
        for ambiguous in queues.ambiguousInDestination {
            description.removeQueue(named: ambiguous.name)
            for division in ambiguous.destinationDivisions { description.addQueue(named: ambiguous.name, toDivision: division) }
        }
        for extra in queues.destinationOnly { description.addQueue(named: extra.name, toDivision: extra.divisionName ?? "Home") }
        for change in flows.renamed {
            description.renameFlow(named: change.sourceName, type: change.flowType ?? "", to: change.destinationName)
        }
        for missing in flows.missingInDestination { description.removeFlow(named: missing.name, type: missing.flowType ?? "") }
        for extra in flows.destinationOnly {
            description.flows.append(CompanyDescription.Flow(name: extra.name, type: extra.flowType ?? "workflow"))
        }
        if differences.destinationFlowTypesUpperCased { description.upperCaseFlowTypes() }
        for change in codes.renamed { description.renameWrapupCode(named: change.sourceName, to: change.destinationName) }
        for missing in codes.missingInDestination { description.removeWrapupCode(named: missing.name) }
        description.wrapupCodeNames.append(contentsOf: codes.destinationOnly.map(\.name))
        return description
    }()

    /// The source org (`Acme Prod`, with `interactionCount` interactions starting in
    /// `[start, start + days)`) and the destination org (`Acme EU`, no interactions).
    public static func make(
        seed: UInt64, interactionCount: Int, from start: ISOTimestamp, days: Int
    ) -> (source: OrgContent, destination: OrgContent) {
        let source = ContentGenerator.org(
            name: sourceName, seed: seed, description: .acme, interactionCount: interactionCount, from: start, days: days,
            schemaVersions: sourceSchemaVersions
        )
        let destination = ContentGenerator.org(
            name: destinationName, seed: seed, description: destinationDescription, interactionCount: 0, from: start,
            days: days, schemaVersions: destinationSchemaVersions
        )
        return (source, destination)
    }
}
