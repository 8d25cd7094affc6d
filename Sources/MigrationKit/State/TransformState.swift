import Essentials

/// The transform phase's section of the state file.
public struct TransformState: Sendable, Equatable {
    /// The destination schema last fetched, if any.
    public var destinationSchema: DestinationSchema?
    /// Each transformed window's record, by window name.
    public var windows: [String: TransformWindowState]

    public init(destinationSchema: DestinationSchema? = nil, windows: [String: TransformWindowState] = [:]) {
        self.destinationSchema = destinationSchema
        self.windows = windows
    }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        destinationSchema = decoder.object["destinationSchema"] == nil ? nil : try DestinationSchema(try decoder.nested("destinationSchema"))
        windows = try decoder.map("windows") { _, window throws(StateDecoder.Failure) in try TransformWindowState(window) }
    }

    var jsonValue: JSONValue {
        var object = JSONObject()
        if let destinationSchema { object["destinationSchema"] = destinationSchema.jsonValue }
        object["windows"] = .object(JSONObject(windows.sorted { $0.key < $1.key }.map { ($0.key, $0.value.jsonValue) }))
        return .object(object)
    }
}
