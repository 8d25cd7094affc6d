import Essentials
import OrgEmulator

/// The emulator's knob options, shared by `emulator` and `demo`.
enum EmulatorKnobOptions {
    static let options: [OptionSpec] = [
        .option("rate-limit", valueName: "N", help: "Requests allowed per rate-limit window, per org."),
        .option("rate-window", valueName: "SECONDS", help: "Length of the rate-limit window."),
        .option("token-ttl", valueName: "SECONDS", help: "Lifetime of issued access tokens."),
        .option("job-latency-ms", valueName: "MS", help: "Fixed time each export, import or analytics job takes."),
        .option("job-latency-per-record-ms", valueName: "MS", help: "Extra job time per record."),
        .option("download-ttl", valueName: "SECONDS", help: "Lifetime of export download URLs."),
        .option("fault-503", valueName: "SHARE", help: "Share (0 to 1) of API requests answered 503."),
        .option("fault-drop", valueName: "SHARE", help: "Share (0 to 1) of API requests whose connection is dropped."),
        .option("fault-truncate", valueName: "SHARE", help: "Share (0 to 1) of export downloads cut short."),
        .option("storm-every", valueName: "SECONDS", help: "Period of 429 storms lasting a few seconds each."),
        .option("page-size-cap", valueName: "N", help: "Largest page size the orgs honour."),
        .option("data-availability-lag", valueName: "SECONDS", help: "How far the analytics dataAvailabilityDate lags behind now."),
        .option("fail-jobs", valueName: "SHARE", help: "Share (0 to 1) of export and analytics jobs that end failed."),
        .flag("real-org-mode", help: "Serve no interaction export or import jobs (404), as a real Genesys Cloud org."),
    ]

    /// The content and knob settings of the command line.
    static func setup(from parsed: ParsedCommand) throws -> EmulatorSetup {
        var knobs = OrgKnobs()
        if let v = try parsed.int("rate-limit", in: 1...1_000_000) { knobs.rateLimit = v }
        if let v = try parsed.double("rate-window", in: 0.001...86_400) { knobs.rateWindowSeconds = v }
        if let v = try parsed.int("token-ttl", in: 1...10_000_000) { knobs.tokenLifetimeSeconds = v }
        if let v = try parsed.double("job-latency-ms", in: 0...3_600_000) { knobs.jobLatencyMilliseconds = v }
        if let v = try parsed.double("job-latency-per-record-ms", in: 0...60_000) { knobs.jobLatencyPerRecordMilliseconds = v }
        if let v = try parsed.double("download-ttl", in: 0.001...86_400) { knobs.downloadURLLifetimeSeconds = v }
        if let v = try parsed.double("fault-503", in: 0...1) { knobs.fault503Share = v }
        if let v = try parsed.double("fault-drop", in: 0...1) { knobs.faultDropShare = v }
        if let v = try parsed.double("fault-truncate", in: 0...1) { knobs.faultTruncateShare = v }
        if let v = try parsed.double("storm-every", in: 1...86_400) { knobs.stormEverySeconds = v }
        if let v = try parsed.int("page-size-cap", in: 1...100_000) { knobs.pageSizeCap = v }
        if let v = try parsed.double("data-availability-lag", in: 0...31_536_000) { knobs.dataAvailabilityLagSeconds = v }
        if let v = try parsed.double("fail-jobs", in: 0...1) { knobs.failExportJobsShare = v }
        if parsed.flag("real-org-mode") { knobs.servesInteractionExport = false }
        let seed = try parsed.int("seed", default: 1, in: 0...Int.max)
        let records = try parsed.int("records", default: 5000, in: 0...10_000_000)
        let days = try parsed.int("days", default: 7, in: 1...3660)
        let fromText = parsed.value("from") ?? "2024-01-01"
        guard let from = ISOTimestamp(fromText) else {
            throw parsed.invalidValue("from", expected: "a date as YYYY-MM-DD (UTC)")
        }
        return EmulatorSetup(seed: UInt64(seed), records: records, days: days, from: from, knobs: knobs)
    }
}
