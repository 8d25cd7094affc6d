import Essentials

/// Turns an analytics conversation (contract §9) into a v2.1 interaction record (§6), by the
/// conversion table of §9: the same record an interaction export gives, on every field §9 defines.
struct AnalyticsConversion: Sendable {
    /// What became of one conversation.
    enum Outcome {
        case record(JSONValue)
        /// It starts outside the window: it overlaps it, and belongs to another window.
        case otherWindow
        /// Not final yet (no end, or it starts after the data is complete).
        case notFinal
        /// A media type §6 doesn't know (or one not asked for with `--types`).
        case unsupportedMedia
        /// Not a conversation: no id or no start.
        case malformed
    }

    static let knownTypes: Set<String> = ["voice", "chat", "email", "message", "callback"]

    var window: ExportWindow
    /// The org's `dataAvailabilityDate`.
    var availableUntil: ISOTimestamp?
    var types: Set<String>
    var queueNames: [String: String]
    var wrapupCodeNames: [String: String]

    private struct Segment {
        var start: ISOTimestamp
        var order: Int
        var participant: Int
        var value: JSONValue
    }

    func convert(_ conversation: JSONValue) -> Outcome {
        guard let id = conversation["conversationId"]?.stringValue,
              let startText = conversation["conversationStart"]?.stringValue, let start = ISOTimestamp(startText) else { return .malformed }
        guard window.contains(start) else { return .otherWindow }
        guard let endText = conversation["conversationEnd"]?.stringValue, let end = ISOTimestamp(endText) else { return .notFinal }
        if let availableUntil, start > availableUntil { return .notFinal }
        let participants = conversation["participants"]?.arrayValue ?? []
        guard let type = participants.first?["sessions"]?.arrayValue?.first?["mediaType"]?.stringValue?.lowercased(),
              Self.knownTypes.contains(type) else { return .unsupportedMedia }
        guard types.contains(type) else { return .unsupportedMedia }
        let direction = conversation["originatingDirection"]?.stringValue

        // Every segment, in time order (ties in the order they are listed).
        var segments: [Segment] = []
        for (p, participant) in participants.enumerated() {
            for session in participant["sessions"]?.arrayValue ?? [] {
                for segment in session["segments"]?.arrayValue ?? [] {
                    let time = segment["segmentStart"]?.stringValue.flatMap(ISOTimestamp.init) ?? start
                    segments.append(Segment(start: time, order: segments.count, participant: p, value: segment))
                }
            }
        }
        segments.sort { ($0.start, $0.order) < ($1.start, $1.order) }

        var record = JSONObject([("id", .string(id)), ("type", .string(type))])
        if let direction { record["direction"] = .string(direction) }
        record["state"] = "disconnected"
        record["startTime"] = .string(startText)
        record["endTime"] = .string(endText)
        record["durationSeconds"] = .int((end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000)

        var routing = JSONObject()
        if let queueId = segments.lazy.compactMap({ $0.value["queueId"]?.stringValue }).first {
            routing["queue"] = .object(named(queueId, queueNames))
        }
        let flow = participants.lazy.flatMap { $0["sessions"]?.arrayValue ?? [] }.compactMap { $0["flow"]?.objectValue }.first
        if let flow, let flowId = flow["flowId"]?.stringValue {
            var value = JSONObject([("id", .string(flowId))])
            if let name = flow["flowName"]?.stringValue { value["name"] = .string(name) }
            if let type = flow["flowType"]?.stringValue { value["type"] = .string(type.lowercased()) }
            routing["flow"] = .object(value)
        }
        if !routing.isEmpty { record["routing"] = .object(routing) }

        let agentWrapups = segments.filter {
            participants[$0.participant]["purpose"]?.stringValue == "agent" && $0.value["segmentType"]?.stringValue == "wrapup"
        }
        if let code = agentWrapups.last?.value["wrapUpCode"]?.stringValue {
            record["wrapupCode"] = .object(named(code, wrapupCodeNames))
        }

        var people: [JSONValue] = []
        for (p, participant) in participants.enumerated() {
            switch participant["purpose"]?.stringValue {
            case "customer", "external":
                let session = participant["sessions"]?.arrayValue?.first
                let inbound = (session?["direction"]?.stringValue ?? direction) != "outbound"
                var person = JSONObject([("purpose", participant["purpose"]!)])
                if let address = (inbound ? session?["ani"] : session?["dnis"])?.stringValue { person["address"] = .string(address) }
                if let name = participant["participantName"]?.stringValue { person["name"] = .string(name) }
                people.append(.object(person))
            case "agent":
                var person = JSONObject([("purpose", "agent")])
                if let user = participant["userId"]?.stringValue { person["userId"] = .string(user) }
                let own = segments.filter { $0.participant == p }
                if let queue = own.lazy.compactMap({ $0.value["queueId"]?.stringValue }).first { person["queueId"] = .string(queue) }
                if let wrapup = own.last(where: { $0.value["segmentType"]?.stringValue == "wrapup" }),
                   let code = wrapup.value["wrapUpCode"]?.stringValue {
                    var value = JSONObject([("codeId", .string(code))])
                    if let endText = wrapup.value["segmentEnd"]?.stringValue, let segmentEnd = ISOTimestamp(endText) {
                        value["durationSeconds"] = .int((segmentEnd.millisecondsSinceEpoch - wrapup.start.millisecondsSinceEpoch) / 1000)
                    }
                    person["wrapup"] = .object(value)
                }
                people.append(.object(person))
            default:
                continue
            }
        }
        record["participants"] = .array(people)

        var transfers: [JSONValue] = []
        var previous: String?
        for segment in segments {
            guard let queue = segment.value["queueId"]?.stringValue else { continue }
            if let from = previous, from != queue {
                transfers.append(.object(JSONObject([("time", segment.value["segmentStart"] ?? .string(segment.start.description)),
                                                     ("fromQueueId", .string(from)), ("toQueueId", .string(queue))])))
            }
            previous = queue
        }
        record["transfers"] = .array(transfers)

        if let customer = participants.first(where: { ["customer", "external"].contains($0["purpose"]?.stringValue ?? "") }),
           let attributes = customer["attributes"]?.objectValue {
            record["attributes"] = .object(JSONObject(attributes.compactMap { member in
                member.value.stringValue.map { (member.key, JSONValue.string($0)) }
            }))
        }
        return .record(.object(record))
    }

    private func named(_ id: String, _ names: [String: String]) -> JSONObject {
        var value = JSONObject([("id", .string(id))])
        if let name = names[id] { value["name"] = .string(name) }
        return value
    }
}
