import Essentials

/// The import phase's section of the state file: the configuration the chunks were made for,
/// and per window its plan and its chunks, by chunk hash.
///
/// In the file: `{"configuration": {...}, "windows": {"W": {"plan": {...}, "chunks": {"<sha>": {...}}}}}`.
public struct ImportState: Sendable, Equatable {
    /// The fingerprint of the configuration the chunks were made for; nil before the first import.
    public var configuration: ImportConfiguration?
    /// Chunks by window name, then by the chunk's SHA-256 (contract §8). Chunks of an earlier
    /// plan of a window stay recorded as they were.
    public var windows: [String: [String: ImportChunkState]]
    /// Each planned window's current plan.
    public var plans: [String: ImportWindowPlan]

    public init(configuration: ImportConfiguration? = nil, windows: [String: [String: ImportChunkState]] = [:],
                plans: [String: ImportWindowPlan] = [:]) {
        self.configuration = configuration
        self.windows = windows
        self.plans = plans
    }

    /// Whether nothing has been recorded.
    public var isEmpty: Bool { configuration == nil && windows.isEmpty && plans.isEmpty }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        configuration = decoder.object["configuration"] == nil ? nil : try ImportConfiguration(try decoder.nested("configuration"))
        windows = try decoder.map("windows") { _, window throws(StateDecoder.Failure) in
            try window.map("chunks") { _, chunk throws(StateDecoder.Failure) in try ImportChunkState(chunk) }
        }
        var plans: [String: ImportWindowPlan] = [:]
        let planned = try decoder.map("windows") { _, window throws(StateDecoder.Failure) -> ImportWindowPlan? in
            window.object["plan"] == nil ? nil : try ImportWindowPlan(try window.nested("plan"))
        }
        for (window, plan) in planned { plans[window] = plan }
        self.plans = plans
    }

    var jsonValue: JSONValue {
        var object = JSONObject()
        if let configuration { object["configuration"] = configuration.jsonValue }
        let names = Set(windows.keys).union(plans.keys).sorted()
        object["windows"] = .object(JSONObject(names.map { name in
            var window = JSONObject()
            if let plan = plans[name] { window["plan"] = plan.jsonValue }
            let chunks = (windows[name] ?? [:]).sorted { ($0.value.index, $0.key) < ($1.value.index, $1.key) }
            window["chunks"] = .object(JSONObject(chunks.map { ($0.key, $0.value.jsonValue) }))
            return (name, .object(window))
        }))
        return .object(object)
    }
}
