import Essentials

/// What the transform made of one window, as the state file keeps it: enough to skip the window
/// next time and still give its verdict (rejects, unmapped references, dropped fields).
public struct TransformWindowState: Sendable, Equatable {
    /// What the output was made from.
    public var fingerprint: TransformFingerprint
    public var inputRecords: Int
    public var outputRecords: Int
    /// Invalid lines, sent to the rejects file.
    public var invalidRecords: Int
    /// Records with unmapped references (rejected with `skip-record`, blocking with `fail`).
    public var unmappedRecords: Int
    /// The window's unmapped references.
    public var unmapped: UnmappedReport
    /// Fields dropped because the destination's schema does not know them.
    public var droppedFields: SchemaDriftReport
    /// SHA-256 of the transformed file; nil when none was written (blocked by unmapped references).
    public var outputSHA256: String?

    public init(fingerprint: TransformFingerprint, result: WindowTransform.Result) {
        self.fingerprint = fingerprint
        inputRecords = result.inputRecords
        outputRecords = result.outputRecords
        invalidRecords = result.invalidRecords
        unmappedRecords = result.unmappedRecords
        unmapped = result.unmapped
        droppedFields = result.drift
        outputSHA256 = result.outputSHA256
    }

    /// The records of this window the transform could not carry over: invalid lines, and with
    /// `skip-record` the records with unmapped references.
    public var rejectedRecords: Int {
        invalidRecords + (fingerprint.policy == .skipRecord ? unmappedRecords : 0)
    }

    /// Whether unmapped references kept this window from being transformed (`fail`).
    public var isBlocked: Bool { fingerprint.policy == .fail && !unmapped.isEmpty }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        fingerprint = try TransformFingerprint(try decoder.nested("fingerprint"))
        let counts = try decoder.nested("counts")
        inputRecords = try counts.int("in")
        outputRecords = try counts.int("out")
        invalidRecords = try counts.int("invalid")
        unmappedRecords = try counts.int("unmapped")
        unmapped = try UnmappedReport(stateValue: try decoder.value("unmapped"), at: "\(decoder.location).unmapped")
        droppedFields = SchemaDriftReport(counts: try decoder.counts("droppedFields"))
        outputSHA256 = try decoder.optionalString("outputSHA256")
    }

    var jsonValue: JSONValue {
        .object(JSONObject([
            ("fingerprint", fingerprint.jsonValue),
            ("counts", .object(JSONObject([("in", .int(Int64(inputRecords))), ("out", .int(Int64(outputRecords))),
                                           ("invalid", .int(Int64(invalidRecords))), ("unmapped", .int(Int64(unmappedRecords)))]))),
            ("unmapped", unmapped.jsonValue()),
            ("droppedFields", .object(.counts(droppedFields.counts))),
            ("outputSHA256", outputSHA256.map(JSONValue.string) ?? .null),
        ]))
    }
}
