import Essentials

/// The content and knobs every org of one emulator run shares: the command line's `--seed`,
/// `--records`, `--days`, `--from` and knob options.
public struct EmulatorSetup: Sendable {
    public var seed: UInt64
    public var records: Int
    public var days: Int
    public var from: ISOTimestamp
    public var knobs: OrgKnobs

    public init(seed: UInt64 = 1, records: Int = 5000, days: Int = 7,
                from: ISOTimestamp = ISOTimestamp(year: 2024, month: 1, day: 1), knobs: OrgKnobs = OrgKnobs()) {
        self.seed = seed
        self.records = records
        self.days = days
        self.from = from
        self.knobs = knobs
    }

    /// The default pair (contract §10, issue 3): `source` (Acme Prod, v2.1 and v2.2, with
    /// interactions) and `destination` (Acme EU, v2.1 only, empty), built from one company
    /// description with the differences a real migration meets.
    public func defaultPair() -> [Emulator.OrgDefinition] {
        let pair = DefaultOrgPair.make(seed: seed, interactionCount: records, from: from, days: days)
        let source = Emulator.credentials(seed: seed &+ 1)
        let destination = Emulator.credentials(seed: seed &+ 2)
        return [
            Emulator.OrgDefinition(label: "source", content: pair.source, clientId: source.clientId,
                                   clientSecret: source.clientSecret, knobs: knobs, seed: seed &+ 1),
            Emulator.OrgDefinition(label: "destination", content: pair.destination, clientId: destination.clientId,
                                   clientSecret: destination.clientSecret, knobs: knobs, seed: seed &+ 2),
        ]
    }
}
