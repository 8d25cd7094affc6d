import Essentials

/// The client's side of contract §9, written from the text for the tests: an analytics
/// conversation converted into a v2.1 record, on the fields the conversion carries (ids, not the
/// names that come from the org's lists).
enum AnalyticsToRecord {
    static func convert(_ c: JSONValue) -> JSONValue {
        let participants = c["participants"]?.arrayValue ?? []
        var segments: [(time: String, queueId: String?)] = []
        var flow: JSONValue?
        var wrapup: String?
        var outParticipants: [JSONValue] = []
        var attributes = JSONObject()
        let direction = c["originatingDirection"]?.stringValue ?? ""
        for p in participants {
            let purpose = p["purpose"]?.stringValue ?? ""
            let sessions = p["sessions"]?.arrayValue ?? []
            for s in sessions {
                if flow == nil, let f = s["flow"] {
                    flow = ["id": f["flowId"] ?? .null, "name": f["flowName"] ?? .null,
                            "type": .string((f["flowType"]?.stringValue ?? "").lowercased())]
                }
                for seg in s["segments"]?.arrayValue ?? [] {
                    segments.append((seg["segmentStart"]?.stringValue ?? "", seg["queueId"]?.stringValue))
                }
            }
            switch purpose {
            case "customer", "external":
                let session = sessions.first
                let address = direction == "outbound" ? session?["dnis"] : session?["ani"]
                outParticipants.append(["purpose": .string(purpose), "address": address ?? .null, "name": p["participantName"] ?? .null])
                if purpose == "customer", let attrs = p["attributes"]?.objectValue {
                    for m in attrs where m.value.stringValue != nil { attributes[m.key] = m.value }
                }
            case "agent":
                let segs = sessions.flatMap { $0["segments"]?.arrayValue ?? [] }
                let firstQueue = segs.first { $0["queueId"] != nil }?["queueId"] ?? .null
                var agent = JSONObject([("purpose", "agent"), ("userId", p["userId"] ?? .null), ("queueId", firstQueue)])
                if let w = segs.last(where: { $0["segmentType"] == "wrapup" }) {
                    let start = ISOTimestamp(w["segmentStart"]?.stringValue ?? "")?.millisecondsSinceEpoch ?? 0
                    let end = ISOTimestamp(w["segmentEnd"]?.stringValue ?? "")?.millisecondsSinceEpoch ?? 0
                    agent["wrapup"] = ["codeId": w["wrapUpCode"] ?? .null, "durationSeconds": .int((end - start) / 1000)]
                    wrapup = w["wrapUpCode"]?.stringValue
                }
                outParticipants.append(.object(agent))
            default:
                break
            }
        }
        let ordered = segments.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        let queued = ordered.filter { $0.queueId != nil }
        var transfers: [JSONValue] = []
        for (a, b) in zip(queued, queued.dropFirst()) where a.queueId != b.queueId {
            transfers.append(["time": .string(b.time), "fromQueueId": .string(a.queueId!), "toQueueId": .string(b.queueId!)])
        }
        let start = ISOTimestamp(c["conversationStart"]?.stringValue ?? "")?.millisecondsSinceEpoch ?? 0
        let end = ISOTimestamp(c["conversationEnd"]?.stringValue ?? "")?.millisecondsSinceEpoch ?? 0
        var record = JSONObject([
            ("id", c["conversationId"] ?? .null),
            ("type", participants.first?["sessions"]?.arrayValue?.first?["mediaType"] ?? .null),
            ("direction", .string(direction)), ("state", "disconnected"),
            ("startTime", c["conversationStart"] ?? .null), ("endTime", c["conversationEnd"] ?? .null),
            ("durationSeconds", .int((end - start) / 1000)),
        ])
        var routing = JSONObject()
        if let q = queued.first?.queueId { routing["queue"] = .string(q) }
        if let flow { routing["flow"] = flow }
        record["routing"] = .object(routing)
        record["wrapupCode"] = wrapup.map { .string($0) } ?? .null
        record["participants"] = .array(outParticipants)
        record["transfers"] = .array(transfers)
        record["attributes"] = .object(attributes)
        return .object(record)
    }

    /// A record reduced to what `convert` produces, for comparison.
    static func comparable(_ r: JSONValue) -> JSONValue {
        var record = JSONObject([
            ("id", r["id"] ?? .null), ("type", r["type"] ?? .null), ("direction", r["direction"] ?? .null),
            ("state", r["state"] ?? .null), ("startTime", r["startTime"] ?? .null), ("endTime", r["endTime"] ?? .null),
            ("durationSeconds", r["durationSeconds"] ?? .null),
        ])
        var routing = JSONObject()
        if let q = r["routing"]?["queue"]?["id"] { routing["queue"] = q }
        if let f = r["routing"]?["flow"] { routing["flow"] = ["id": f["id"] ?? .null, "name": f["name"] ?? .null, "type": f["type"] ?? .null] }
        record["routing"] = .object(routing)
        record["wrapupCode"] = r["wrapupCode"]?["id"] ?? .null
        record["participants"] = .array((r["participants"]?.arrayValue ?? []).map { p in
            if p["purpose"] == "agent" {
                var agent = JSONObject([("purpose", "agent"), ("userId", p["userId"] ?? .null), ("queueId", p["queueId"] ?? .null)])
                if let w = p["wrapup"] { agent["wrapup"] = ["codeId": w["codeId"] ?? .null, "durationSeconds": w["durationSeconds"] ?? .null] }
                return .object(agent)
            }
            return ["purpose": p["purpose"] ?? .null, "address": p["address"] ?? .null, "name": p["name"] ?? .null]
        }.filter { ["customer", "external", "agent"].contains($0["purpose"]?.stringValue ?? "") })
        record["transfers"] = r["transfers"] ?? .array([])
        record["attributes"] = r["attributes"] ?? .object(JSONObject())
        return .object(record)
    }
}
