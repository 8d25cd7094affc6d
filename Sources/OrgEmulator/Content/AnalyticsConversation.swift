import Essentials

/// Builds the analytics conversation-details form (§9) of a §6 interaction record: the inverse of
/// §9's conversion table, so that the emulator can serve the analytics jobs API from the same
/// interactions as its export jobs.
///
/// For a record that is consistent the way ``ContentGenerator`` makes them (`routing.queue` the
/// first queue, `transfers` the queue changes in time order, each agent with the queue of its
/// leg, `wrapupCode` the last agent's code), §9's conversion of the result gives back the
/// record's `id`, `type`, `direction`, `startTime`, `endTime`, `durationSeconds`,
/// `routing.queue.id`, `routing.flow`, `wrapupCode.id`, `participants`, `transfers` and
/// `attributes`. Names of queues and wrap-up codes are not carried: §9 takes them from the org's
/// lists. What the analytics form has no place for is lost: `routing.skills`, `transcripts`,
/// `media`, `sentiment`, `externalId`, a `wrapupCode` no agent chose.
///
/// The conversation is laid out as:
///
/// - the customer (or external) participants first, the first carrying the attributes, with one
///   session (`mediaType` = the record's `type`) and one `interact` segment;
/// - an `ivr` participant with the flow (type upper-case), when the record has one;
/// - per leg (the first queue, then each transfer's `toQueueId` from the transfer's `time`): an
///   `acd` participant with a `delay` segment in the leg's queue (left out on the first leg of an
///   outbound interaction that an agent placed), then the leg's agents, each with an `interact`
///   segment and, when the record has their wrap-up, a `wrapup` segment of exactly that many
///   seconds that ends the agent's part of the leg.
///
/// Segments never overlap: every queue-bearing segment starts strictly after the one before it
/// when the legs leave room (a consistent record always does), so §9's "time order" is
/// unambiguous. Records that are not consistent (an import may hold anything) are laid out on a
/// best-effort basis: times are clamped into `[startTime, endTime]`; a record with no end ends
/// `durationSeconds` after its start, or at its start.
public enum AnalyticsConversation {
    /// The analytics conversation of `record`, or `nil` when the record has no string `id`, no
    /// string `type` or no parseable `startTime` (an incomplete record, §6).
    public static func make(from record: JSONValue) -> JSONValue? {
        guard let id = record["id"]?.stringValue, let type = record["type"]?.stringValue,
            let startText = record["startTime"]?.stringValue,
            let start = ISOTimestamp(startText)?.millisecondsSinceEpoch
        else { return nil }
        let direction = record["direction"]?.stringValue
        let outbound = direction == "outbound"

        // The end: endTime, else start + durationSeconds, else the start itself.
        var endText: String
        var end: Int64
        if let text = record["endTime"]?.stringValue, let parsed = ISOTimestamp(text) {
            (endText, end) = (text, parsed.millisecondsSinceEpoch)
        } else {
            end = start + 1000 * max(0, record["durationSeconds"]?.intValue ?? 0)
            endText = ISOTimestamp(millisecondsSinceEpoch: end).description
        }
        if end < start { (endText, end) = (startText, start) }

        var ids = SeededGenerator(seed: ContentGenerator.fnv1a(id))
        let recordParticipants = record["participants"]?.arrayValue ?? []
        let customers = recordParticipants.filter { ["customer", "external"].contains($0["purpose"]?.stringValue ?? "") }
        let agents = recordParticipants.filter { $0["purpose"]?.stringValue == "agent" }
        let flow = record["routing"]?["flow"]?.objectValue
        var legs = Self.legs(of: record, agents: agents, start: start, end: end)

        // Lay out the legs' segments.
        var routed: [JSONValue] = []  // acd and agent participants, in time order
        var customerEnd = start
        for (index, leg) in legs.enumerated() {
            let hasIVR = index == 0 && flow != nil
            let hasDelay = leg.queueId != nil && !(index == 0 && outbound && !leg.agents.isEmpty)
            let wrapups = leg.agents.map { 1000 * max(0, $0["wrapup"]?["durationSeconds"]?.intValue ?? 0) }
            let flexible = (hasIVR ? 1 : 0) + (hasDelay ? 1 : 0) + leg.agents.count
            let free = max(0, leg.end - leg.start - wrapups.reduce(0, +))
            let share = flexible > 0 ? free / Int64(flexible) : 0
            var left = flexible
            var cursor = leg.start
            // The last flexible segment takes the remainder, so a consistent leg is filled exactly.
            func next(_ length: Int64) -> (Int64, Int64) {
                let from = min(cursor, end)
                cursor = min(cursor + length, end)
                return (from, cursor)
            }
            func flexibleLength() -> Int64 {
                left -= 1
                return left == 0 ? free - share * Int64(flexible - 1) : share
            }
            if hasIVR {
                let (from, to) = next(flexibleLength())
                legs[index].ivr = (from, to)
                customerEnd = max(customerEnd, to)
            }
            if hasDelay, let queueId = leg.queueId {
                let (from, to) = next(flexibleLength())
                customerEnd = max(customerEnd, to)
                routed.append(participant(purpose: "acd", id: ids.uuidString(), extra: [], sessions: [
                    session(type: type, direction: nil, extra: [], segments: [
                        segment(from, to, "delay", queueId: queueId)
                    ])
                ]))
            }
            for (agent, wrapup) in zip(leg.agents, wrapups) {
                var segments: [JSONValue] = []
                let queueId = agent["queueId"]?.stringValue
                let (from, to) = next(flexibleLength())
                customerEnd = max(customerEnd, to)
                segments.append(segment(from, to, "interact", queueId: queueId))
                if let wrapupObject = agent["wrapup"]?.objectValue {
                    let (from, to) = next(wrapup)
                    segments.append(segment(from, to, "wrapup", queueId: queueId, wrapUpCode: wrapupObject["codeId"]))
                }
                var extra: [(String, JSONValue)] = []
                if let userId = agent["userId"] { extra.append(("userId", userId)) }
                routed.append(participant(purpose: "agent", id: ids.uuidString(), extra: extra, sessions: [
                    session(type: type, direction: direction, extra: [], segments: segments)
                ]))
            }
        }
        if agents.isEmpty || legs.last?.agents.isEmpty == true { customerEnd = end }

        // Participants: customers, IVR, then the legs.
        var participants: [JSONValue] = []
        let company = companyAddress(type: type)
        for (index, customer) in customers.enumerated() {
            var extra: [(String, JSONValue)] = []
            if index == 0, let attributes = record["attributes"]?.objectValue {
                let strings = attributes.members.filter { $0.value.stringValue != nil }.map { ($0.key, $0.value) }
                extra.append(("attributes", .object(JSONObject(strings))))
            }
            // ani is the caller, dnis the called: the customer's address sits on its side of the
            // direction (both sides when the direction is unknown, so either reading finds it).
            let address = customer["address"] ?? .null
            var ends: [(String, JSONValue)] = []
            switch direction {
            case "inbound": ends = [("ani", address), ("dnis", .string(company))]
            case "outbound": ends = [("ani", .string(company)), ("dnis", address)]
            default: ends = [("ani", address), ("dnis", address)]
            }
            ends.removeAll { $0.1.isNull }
            let purpose = customer["purpose"]?.stringValue ?? "customer"
            let interact = segment(start, customerEnd, "interact", queueId: nil)
            participants.append(participant(purpose: purpose, id: ids.uuidString(), name: customer["name"], extra: extra, sessions: [
                session(type: type, direction: direction, extra: ends, segments: [interact])
            ]))
        }
        if let flow, let ivr = legs.first?.ivr {
            var flowObject = JSONObject()
            if let flowId = flow["id"] { flowObject["flowId"] = flowId }
            if let name = flow["name"] { flowObject["flowName"] = name }
            if let flowType = flow["type"]?.stringValue { flowObject["flowType"] = .string(flowType.uppercased()) }
            participants.append(participant(purpose: "ivr", id: ids.uuidString(), extra: [], sessions: [
                session(type: type, direction: nil, extra: [("flow", .object(flowObject))], segments: [
                    segment(ivr.0, ivr.1, "ivr", queueId: nil)
                ])
            ]))
        }
        participants.append(contentsOf: routed)
        if participants.isEmpty {
            // Nothing to show but the media type, which §9 reads from the first participant.
            participants.append(participant(purpose: "ivr", id: ids.uuidString(), extra: [], sessions: [
                session(type: type, direction: nil, extra: [], segments: [segment(start, end, "system", queueId: nil)])
            ]))
        }

        var conversation = JSONObject()
        conversation["conversationId"] = .string(id)
        conversation["conversationStart"] = .string(startText)
        conversation["conversationEnd"] = .string(endText)
        if let direction { conversation["originatingDirection"] = .string(direction) }
        conversation["participants"] = .array(participants)
        return .object(conversation)
    }

    // MARK: - Legs

    /// A stretch of the conversation spent in one queue, with the agents who worked it.
    private struct Leg {
        var queueId: String?
        var start: Int64
        var end: Int64
        var agents: [JSONValue] = []
        var ivr: (Int64, Int64)?
    }

    /// The legs: the first queue from the start, then one per transfer from its time (clamped to
    /// stay in order and within the conversation). Agents join, in order, the first leg at or
    /// after the previous agent's whose queue is theirs.
    private static func legs(of record: JSONValue, agents: [JSONValue], start: Int64, end: Int64) -> [Leg] {
        let transfers = record["transfers"]?.arrayValue ?? []
        let firstQueue = record["routing"]?["queue"]?["id"]?.stringValue
            ?? transfers.first?["fromQueueId"]?.stringValue
            ?? agents.lazy.compactMap { $0["queueId"]?.stringValue }.first
        var legs = [Leg(queueId: firstQueue, start: start, end: end)]
        for transfer in transfers {
            let previous = legs[legs.count - 1].start
            let parsed = transfer["time"]?.stringValue.flatMap { ISOTimestamp($0) }
            let time = parsed?.millisecondsSinceEpoch ?? previous
            let legStart = min(max(time, previous), end)
            legs[legs.count - 1].end = legStart
            legs.append(Leg(queueId: transfer["toQueueId"]?.stringValue, start: legStart, end: end))
        }
        var current = 0
        for agent in agents {
            if let queueId = agent["queueId"]?.stringValue,
                let match = legs[current...].firstIndex(where: { $0.queueId == queueId })
            {
                current = match
            }
            legs[current].agents.append(agent)
        }
        return legs
    }

    // MARK: - Pieces

    private static func participant(
        purpose: String, id: String, name: JSONValue? = nil, extra: [(String, JSONValue)], sessions: [JSONValue]
    ) -> JSONValue {
        var object = JSONObject()
        object["participantId"] = .string(id)
        if let name { object["participantName"] = name }
        object["purpose"] = .string(purpose)
        for (key, value) in extra { object[key] = value }
        object["sessions"] = .array(sessions)
        return .object(object)
    }

    private static func session(
        type: String, direction: String?, extra: [(String, JSONValue)], segments: [JSONValue]
    ) -> JSONValue {
        var object = JSONObject()
        object["mediaType"] = .string(type)
        if let direction { object["direction"] = .string(direction) }
        for (key, value) in extra { object[key] = value }
        object["segments"] = .array(segments)
        return .object(object)
    }

    private static func segment(
        _ from: Int64, _ to: Int64, _ type: String, queueId: String?, wrapUpCode: JSONValue? = nil
    ) -> JSONValue {
        var object = JSONObject()
        object["segmentStart"] = .string(ISOTimestamp(millisecondsSinceEpoch: from).description)
        object["segmentEnd"] = .string(ISOTimestamp(millisecondsSinceEpoch: to).description)
        object["segmentType"] = .string(type)
        if let queueId { object["queueId"] = .string(queueId) }
        if let wrapUpCode { object["wrapUpCode"] = wrapUpCode }
        return .object(object)
    }

    /// The company's side of a conversation of this media type (§9 does not read it).
    private static func companyAddress(type: String) -> String {
        switch type {
        case "email": return "mailto:contact@example.com"
        case "chat": return "chat:web"
        case "message": return "sms:+18005550100"
        default: return "tel:+18005550100"
        }
    }
}
