import Essentials

/// The export phase's section of the state file: the source org, and each window by name.
public struct ExportState: Sendable, Equatable {
    /// The source org the windows were exported from.
    public var sourceOrgId: String?
    public var sourceOrgName: String?
    public var windows: [String: ExportWindowState]

    public init(sourceOrgId: String? = nil, sourceOrgName: String? = nil, windows: [String: ExportWindowState] = [:]) {
        self.sourceOrgId = sourceOrgId
        self.sourceOrgName = sourceOrgName
        self.windows = windows
    }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        sourceOrgId = try decoder.optionalString("sourceOrgId")
        sourceOrgName = try decoder.optionalString("sourceOrgName")
        windows = try decoder.map("windows") { _, window throws(StateDecoder.Failure) in try ExportWindowState(window) }
    }

    var jsonValue: JSONValue {
        .object(JSONObject([
            ("sourceOrgId", sourceOrgId.map(JSONValue.string) ?? .null),
            ("sourceOrgName", sourceOrgName.map(JSONValue.string) ?? .null),
            ("windows", .object(JSONObject(windows.sorted { $0.key < $1.key }.map { ($0.key, $0.value.jsonValue) }))),
        ]))
    }
}
