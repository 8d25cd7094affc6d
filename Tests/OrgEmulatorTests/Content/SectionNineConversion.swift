import Essentials
import OrgEmulator

/// §9's conversion table (analytics conversation → v2.1 record), written again from the
/// contract's text for the tests, small and independent of `AnalyticsConversation`. Only the
/// fields the table defines; names come from the org's lists, as the table says.
struct SectionNineConversion {
    var queueNames: [String: String]
    var codeNames: [String: String]

    init(org: OrgContent) {
        queueNames = Dictionary(org.queues.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        codeNames = Dictionary(org.wrapupCodes.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    private struct Segment {
        var start: Int64
        var order: Int
        var participant: Int
        var value: JSONValue
    }

    func record(from conversation: JSONValue) -> JSONValue {
        let participants = conversation["participants"]?.arrayValue ?? []
        let direction = conversation["originatingDirection"]?.stringValue
        var record = JSONObject()
        record["id"] = conversation["conversationId"]
        record["type"] = participants.first?["sessions"]?.arrayValue?.first?["mediaType"]
        record["direction"] = conversation["originatingDirection"]
        record["state"] = "disconnected"
        record["startTime"] = conversation["conversationStart"]
        record["endTime"] = conversation["conversationEnd"]
        if let start = milliseconds(conversation["conversationStart"]), let end = milliseconds(conversation["conversationEnd"]) {
            record["durationSeconds"] = .int((end - start) / 1000)
        }

        // Every segment, in time order (ties keep document order).
        var segments: [Segment] = []
        for (p, participant) in participants.enumerated() {
            for session in participant["sessions"]?.arrayValue ?? [] {
                for segment in session["segments"]?.arrayValue ?? [] {
                    let start = milliseconds(segment["segmentStart"]) ?? 0
                    segments.append(Segment(start: start, order: segments.count, participant: p, value: segment))
                }
            }
        }
        segments.sort { ($0.start, $0.order) < ($1.start, $1.order) }
        let queued = segments.filter { $0.value["queueId"]?.stringValue != nil }

        var routing = JSONObject()
        if let first = queued.first?.value["queueId"]?.stringValue {
            routing["queue"] = ["id": .string(first), "name": queueNames[first].map(JSONValue.string) ?? .null]
        }
        let flow = participants.lazy.flatMap { $0["sessions"]?.arrayValue ?? [] }.compactMap { $0["flow"] }.first
        if let flow {
            routing["flow"] = ["id": flow["flowId"] ?? .null, "name": flow["flowName"] ?? .null,
                               "type": .string(flow["flowType"]?.stringValue?.lowercased() ?? "")]
        }
        record["routing"] = .object(routing)

        let agentWrapups = segments.filter {
            participants[$0.participant]["purpose"]?.stringValue == "agent" && $0.value["segmentType"]?.stringValue == "wrapup"
        }
        if let code = agentWrapups.last?.value["wrapUpCode"]?.stringValue {
            record["wrapupCode"] = ["id": .string(code), "name": codeNames[code].map(JSONValue.string) ?? .null]
        }

        var converted: [JSONValue] = []
        for (p, participant) in participants.enumerated() {
            let purpose = participant["purpose"]?.stringValue
            if purpose == "customer" || purpose == "external" {
                let session = participant["sessions"]?.arrayValue?.first
                var object = JSONObject()
                object["purpose"] = .string(purpose!)
                object["address"] = direction == "outbound" ? session?["dnis"] : session?["ani"]
                object["name"] = participant["participantName"]
                converted.append(.object(object))
            } else if purpose == "agent" {
                let own = segments.filter { $0.participant == p }
                var object = JSONObject()
                object["purpose"] = "agent"
                object["userId"] = participant["userId"]
                object["queueId"] = own.first { $0.value["queueId"] != nil }?.value["queueId"]
                if let wrapup = own.first(where: { $0.value["segmentType"]?.stringValue == "wrapup" })?.value,
                    let from = milliseconds(wrapup["segmentStart"]), let to = milliseconds(wrapup["segmentEnd"])
                {
                    object["wrapup"] = ["codeId": wrapup["wrapUpCode"] ?? .null, "durationSeconds": .int((to - from) / 1000)]
                }
                converted.append(.object(object))
            }
        }
        record["participants"] = .array(converted)

        var transfers: [JSONValue] = []
        for (before, after) in zip(queued, queued.dropFirst()) where before.value["queueId"] != after.value["queueId"] {
            transfers.append([
                "time": after.value["segmentStart"] ?? .null, "fromQueueId": before.value["queueId"] ?? .null,
                "toQueueId": after.value["queueId"] ?? .null,
            ])
        }
        record["transfers"] = .array(transfers)

        let customer = participants.first { ["customer", "external"].contains($0["purpose"]?.stringValue ?? "") }
        if let attributes = customer?["attributes"]?.objectValue {
            let strings = attributes.members.filter { $0.value.stringValue != nil }.map { ($0.key, $0.value) }
            record["attributes"] = .object(JSONObject(strings))
        }
        return .object(record)
    }

    private func milliseconds(_ value: JSONValue?) -> Int64? {
        value?.stringValue.flatMap { ISOTimestamp($0) }?.millisecondsSinceEpoch
    }
}
