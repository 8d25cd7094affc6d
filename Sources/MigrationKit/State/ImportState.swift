import Essentials

/// The import phase's section of the state file: each window's chunks, by chunk hash.
public struct ImportState: Sendable, Equatable {
    /// Chunks by window name, then by the chunk's SHA-256 (contract §8).
    public var windows: [String: [String: ImportChunkState]]

    public init(windows: [String: [String: ImportChunkState]] = [:]) {
        self.windows = windows
    }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        windows = try decoder.map("windows") { _, window throws(StateDecoder.Failure) in
            try window.map("chunks") { _, chunk throws(StateDecoder.Failure) in try ImportChunkState(chunk) }
        }
    }

    var jsonValue: JSONValue {
        .object(JSONObject([("windows", .object(JSONObject(windows.sorted { $0.key < $1.key }.map { window in
            let chunks = window.value.sorted { ($0.value.index, $0.key) < ($1.value.index, $1.key) }
            return (window.key, .object(JSONObject([("chunks", .object(JSONObject(chunks.map { ($0.key, $0.value.jsonValue) })))])))
        })))]))
    }
}
