import Essentials
import OrgEmulator

/// Starts the default pair with small, fast settings for one test.
enum EmulatorFixture {
    static func start(records: Int = 300, days: Int = 3, _ adjust: (inout OrgKnobs) -> Void = { _ in }) throws -> Emulator {
        var knobs = OrgKnobs()
        knobs.jobLatencyMilliseconds = 30
        knobs.jobLatencyPerRecordMilliseconds = 0
        adjust(&knobs)
        let setup = EmulatorSetup(seed: 11, records: records, days: days, from: ISOTimestamp(year: 2024, month: 1, day: 15), knobs: knobs)
        return try Emulator(orgs: setup.defaultPair())
    }
}
