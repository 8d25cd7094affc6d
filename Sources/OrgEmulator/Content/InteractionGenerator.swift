import Essentials

/// Draws one §6 interaction record after another for ``ContentGenerator``.
///
/// An interaction is modelled as the analytics API sees it (§9), so that
/// ``AnalyticsConversation`` can rebuild that view from the record alone:
///
/// - an optional IVR step (the record's `routing.flow`), then one to three **legs**, each in
///   its own queue (consecutive legs never share a queue, so every leg after the first is a
///   transfer);
/// - a leg is a wait in the queue (none on the first leg of an outbound interaction, which an
///   agent places), then at most one agent who talks and then wraps up; a leg without an agent
///   overflowed to the next queue or, when last, was abandoned;
/// - legs follow each other without overlap: an agent finishes wrap-up before the customer enters
///   the next queue, and the transfer's `time` is that moment.
///
/// So `routing.queue` is the first leg's queue, `transfers` are the leg changes, agents appear in
/// time order with the queue of their leg, and `wrapupCode` is the last agent's code (`null` or
/// absent when no agent answered).
struct InteractionGenerator {
    private let queueRefs: [JSONValue]
    private let queueIds: [JSONValue]
    private let divisionRanges: [Range<Int>]
    /// Flow references (`{id, name, type}` with the type lower-case), per type of
    /// ``CompanyDescription/flowTypes``.
    private let flowRefsByType: [[JSONValue]]
    private let codeRefs: [JSONValue]
    private let codeIds: [JSONValue]
    private let users: [JSONValue]
    private let skills: [JSONValue]
    private let mediaHost: String
    private let withSentiment: Bool
    private var random: SeededGenerator

    init(
        queues: [EmulatedQueue], divisionRanges: [Range<Int>], flows: [EmulatedFlow], codes: [EmulatedWrapupCode],
        users: [String], skills: [String], domain: String, withSentiment: Bool, random: SeededGenerator
    ) {
        queueRefs = queues.map { ["id": .string($0.id), "name": .string($0.name)] }
        queueIds = queues.map { .string($0.id) }
        self.divisionRanges = divisionRanges
        var byType = [[JSONValue]](repeating: [], count: CompanyDescription.flowTypes.count)
        for flow in flows {
            let type = flow.type.lowercased()
            if let t = CompanyDescription.flowTypes.firstIndex(of: type) {
                byType[t].append(["id": .string(flow.id), "name": .string(flow.name), "type": .string(type)])
            }
        }
        flowRefsByType = byType
        codeRefs = codes.map { ["id": .string($0.id), "name": .string($0.name)] }
        codeIds = codes.map { .string($0.id) }
        self.users = users.map { .string($0) }
        self.skills = skills.map { .string($0) }
        mediaHost = "https://recordings.example.com/\(domain)"
        self.withSentiment = withSentiment
        self.random = random
    }

    // MARK: - Vocabulary

    private enum Media: Int, CaseIterable {
        case voice, chat, email, message, callback

        var name: String { ["voice", "chat", "email", "message", "callback"][rawValue] }
    }

    /// voice, chat, email, message, callback.
    private static let mediaWeights = [0.45, 0.20, 0.15, 0.12, 0.08]
    /// The share of each media type that is outbound.
    private static let outboundShare = [0.25, 0.0, 0.2, 0.15, 0.4]
    private static let firstNames = [
        "Jane", "John", "Maria", "Wei", "Aisha", "Carlos", "Emma", "Liam", "Sofia", "Noah", "Olivia", "Mateo",
        "Priya", "Lucas", "Chloe", "Kenji", "Fatima", "Oscar", "Ingrid", "Tomasz",
    ]
    private static let lastNames = [
        "Roe", "Doe", "Garcia", "Chen", "Okafor", "Silva", "Smith", "Murphy", "Rossi", "Novak", "Tanaka", "Kowalski",
        "Patel", "Martin", "Dubois", "Jensen", "Haddad", "Nilsson", "Byrne", "Costa",
    ]
    /// Seven in ten customers speak en-US.
    private static let languages: [JSONValue] = [
        "en-US", "en-US", "en-US", "en-US", "en-US", "en-US", "en-US", "es-US", "es-US", "fr-CA",
    ]
    private static let tiers: [JSONValue] = ["gold", "silver", "bronze"]
    private static let campaigns: [JSONValue] = ["Spring Renewal", "Win-back", "Collections", "Satisfaction Survey"]
    private static let customerLines: [JSONValue] = [
        "Hi, I have a question about my last bill.", "My internet keeps dropping in the evening.",
        "I'd like to upgrade my plan.", "Can you move my installation appointment?", "I want to cancel my contract.",
        "The app won't let me log in.", "Thanks, that's all I needed.",
    ]
    private static let agentLines: [JSONValue] = [
        "Thanks for contacting Acme, how can I help?", "Let me look into that for you.",
        "I've applied that change to your account.", "I'll transfer you to the right team.",
        "Is there anything else I can help with?",
    ]

    // MARK: - Records

    /// The next record, with its start (milliseconds since the epoch) and id for sorting.
    mutating func record(windowStart: Int64, windowLength: Int64) -> (start: Int64, id: String, record: JSONValue) {
        let media = Media.allCases[random.weightedIndex(Self.mediaWeights)]
        let outbound = random.chance(Self.outboundShare[media.rawValue])
        let id = random.uuidString()
        let start = windowStart + Int64(truncatingIfNeeded: random.next().multipliedFullWidth(by: UInt64(windowLength)).high)

        // IVR step.
        var clock = start
        let flow = pickFlow(media: media, outbound: outbound)
        if flow != nil { clock += Int64(random.between(5_000...90_000)) }

        // Legs: queue, optional wait, optional agent.
        let legCount = min(queueIds.count, [1, 1, 1, 1, 1, 1, 1, 2, 2, 3][random.below(10)])
        var legQueues: [Int] = []
        var legStarts: [Int64] = []
        var agents: [JSONValue] = []
        var lastCode: Int?
        var firstUser = random.below(users.count)
        for leg in 0..<max(1, legCount) {
            let queue = legCount > 0 ? pickQueue(avoiding: legQueues) : nil
            let placedByAgent = leg == 0 && outbound
            let isLast = leg == max(1, legCount) - 1
            let answered = placedByAgent || random.chance(isLast ? 0.92 : 0.8)
            legStarts.append(clock)
            if let queue { legQueues.append(queue) }
            if !placedByAgent { clock += Int64(random.between(2_000...300_000)) }
            guard answered else { continue }
            clock += talkMilliseconds(media)
            var agent = JSONObject()
            agent["purpose"] = "agent"
            agent["userId"] = users[firstUser]
            firstUser = (firstUser + 1 + random.below(users.count - 1)) % users.count
            if let queue { agent["queueId"] = queueIds[queue] }
            if !codeIds.isEmpty {
                let code = random.skewedIndex(codeIds.count)
                let wrapupSeconds = random.between(3...120)
                clock += Int64(wrapupSeconds) * 1000
                agent["wrapup"] = ["codeId": codeIds[code], "durationSeconds": .int(Int64(wrapupSeconds))]
                lastCode = code
            } else {
                lastCode = nil
            }
            agents.append(.object(agent))
        }
        let end = clock
        let durationSeconds = (end - start) / 1000

        // The record, in the contract's field order.
        var record = JSONObject()
        let version = random.between(1...3)
        let created = end + Int64(random.between(1_000...30_000))
        let updated = version == 1 ? created : created + Int64(random.between(60_000...172_800_000))
        record["id"] = .string(id)
        record["selfUri"] = .string("/api/v2/interactions/\(id)")
        record["version"] = .int(Int64(version))
        record["createdDate"] = .string(ISOTimestamp(millisecondsSinceEpoch: created).description)
        record["lastUpdatedDate"] = .string(ISOTimestamp(millisecondsSinceEpoch: updated).description)
        record["type"] = .string(media.name)
        record["direction"] = outbound ? "outbound" : "inbound"
        record["state"] = "disconnected"
        record["startTime"] = .string(ISOTimestamp(millisecondsSinceEpoch: start).description)
        record["endTime"] = .string(ISOTimestamp(millisecondsSinceEpoch: end).description)
        record["durationSeconds"] = .int(durationSeconds)

        var routing = JSONObject()
        if let first = legQueues.first { routing["queue"] = queueRefs[first] }
        if let flow { routing["flow"] = flow }
        routing["skills"] = .array(pickSkills())
        record["routing"] = .object(routing)

        if let lastCode, !agents.isEmpty {
            record["wrapupCode"] = codeRefs[lastCode]
        } else if random.chance(0.5) {
            record["wrapupCode"] = .null
        }

        var participants: [JSONValue] = [customer(media: media, outbound: outbound)]
        participants.append(contentsOf: agents)
        record["participants"] = .array(participants)

        var transfers: [JSONValue] = []
        for leg in legQueues.indices.dropFirst() {
            transfers.append([
                "time": .string(ISOTimestamp(millisecondsSinceEpoch: legStarts[leg]).description),
                "fromQueueId": queueIds[legQueues[leg - 1]], "toQueueId": queueIds[legQueues[leg]],
            ])
        }
        record["transfers"] = .array(transfers)

        if random.chance(0.7) { record["attributes"] = attributes(outbound: outbound) }
        if let transcripts = transcripts(media: media, answered: !agents.isEmpty) { record["transcripts"] = transcripts }
        if let media = mediaFiles(media: media, id: id, answered: !agents.isEmpty) { record["media"] = media }
        if withSentiment {
            let score = random.between(-100...100)
            let label: JSONValue = score > 25 ? "positive" : score < -25 ? "negative" : "neutral"
            record["sentiment"] = ["score": .double(Double(score) / 100), "label": label]
        }
        return (start, id, .object(record))
    }

    // MARK: - Parts

    /// A flow of the type that starts this kind of interaction, most of the time.
    private mutating func pickFlow(media: Media, outbound: Bool) -> JSONValue? {
        let type: String?
        switch (media, outbound) {
        case (.voice, false): type = "inboundcall"
        case (.voice, true): type = "outboundcall"
        case (.chat, false), (.message, false): type = "inboundchat"
        case (.email, false): type = "inboundemail"
        case (.callback, false): type = "workflow"
        default: type = nil
        }
        guard let type, let t = CompanyDescription.flowTypes.firstIndex(of: type) else { return nil }
        let candidates = flowRefsByType[t]
        guard !candidates.isEmpty, random.chance(0.9) else { return nil }
        return candidates[random.below(candidates.count)]
    }

    /// A queue, busiest first within a division, not among `used` (when the org has enough).
    private mutating func pickQueue(avoiding used: [Int]) -> Int {
        var queue = 0
        for _ in 0..<16 {
            let range = divisionRanges[random.below(divisionRanges.count)]
            queue = range.lowerBound + random.skewedIndex(range.count)
            if !used.contains(queue) { return queue }
        }
        // A company of very few queues: take the next one not used.
        for offset in 1...queueIds.count where !used.contains((queue + offset) % queueIds.count) {
            return (queue + offset) % queueIds.count
        }
        return queue
    }

    private mutating func talkMilliseconds(_ media: Media) -> Int64 {
        switch media {
        case .voice: return Int64(random.between(30_000...1_200_000))
        case .chat: return Int64(random.between(60_000...1_800_000))
        case .email: return Int64(random.between(60_000...900_000))
        case .message: return Int64(random.between(60_000...1_500_000))
        case .callback: return Int64(random.between(30_000...900_000))
        }
    }

    private mutating func pickSkills() -> [JSONValue] {
        guard !skills.isEmpty else { return [] }
        let count = min(skills.count, random.below(3))
        var picked: [JSONValue] = []
        var index = random.below(skills.count)
        for _ in 0..<count {
            picked.append(skills[index])
            index = (index + 1 + random.below(max(1, skills.count - 1))) % skills.count
            if picked.contains(skills[index]) { break }
        }
        return picked
    }

    /// The customer (or, on some outbound calls, the external party): the address is theirs, the
    /// one the analytics form carries as `ani` when inbound and as `dnis` when outbound.
    private mutating func customer(media: Media, outbound: Bool) -> JSONValue {
        let first = Self.firstNames[random.below(Self.firstNames.count)]
        let last = Self.lastNames[random.below(Self.lastNames.count)]
        let address: String
        switch media {
        case .voice, .callback: address = "tel:+1555" + Self.digits(random.below(10_000_000), count: 7)
        case .message: address = "sms:+1555" + Self.digits(random.below(10_000_000), count: 7)
        case .email: address = "mailto:\(first.lowercased()).\(last.lowercased())\(random.below(100))@example.com"
        case .chat: address = "chat:\(first.lowercased())-\(Self.digits(random.below(1_000_000), count: 6))"
        }
        let external = outbound && (media == .voice || media == .callback) && random.chance(0.5)
        let purpose: JSONValue = external ? "external" : "customer"
        return ["purpose": purpose, "address": .string(address), "name": .string("\(first) \(last)")]
    }

    private mutating func attributes(outbound: Bool) -> JSONValue {
        var attributes = JSONObject()
        attributes["language"] = Self.languages[random.below(Self.languages.count)]
        if random.chance(0.5) { attributes["crmCaseId"] = .string("500-" + Self.digits(random.below(10_000_000), count: 7)) }
        if random.chance(0.4) { attributes["accountNumber"] = .string("AC-" + Self.digits(random.below(100_000_000), count: 8)) }
        if random.chance(0.4) { attributes["customerTier"] = Self.tiers[random.below(Self.tiers.count)] }
        if outbound, random.chance(0.8) { attributes["campaign"] = Self.campaigns[random.below(Self.campaigns.count)] }
        return .object(attributes)
    }

    private mutating func transcripts(media: Media, answered: Bool) -> JSONValue? {
        let share: Double
        switch media {
        case .chat, .message: share = 1
        case .email: share = 0.5
        case .voice, .callback: share = 0.2
        }
        guard random.chance(share) else { return nil }
        var lines: [JSONValue] = []
        if answered {
            // The agent greets, then the customer and the agent take turns.
            lines.append(["participantPurpose": "agent", "text": Self.agentLines[0]])
            for turn in 1..<random.between(2...4) {
                let agentTurn = turn % 2 == 0
                let pool = agentTurn ? Self.agentLines.dropFirst() : Self.customerLines[...]
                let text = pool[pool.startIndex + random.below(pool.count)]
                lines.append(["participantPurpose": agentTurn ? "agent" : "customer", "text": text])
            }
        } else {
            lines.append(["participantPurpose": "customer", "text": Self.customerLines[random.below(Self.customerLines.count)]])
        }
        return .array(lines)
    }

    private mutating func mediaFiles(media: Media, id: String, answered: Bool) -> JSONValue? {
        switch media {
        case .voice, .callback:
            guard answered, random.chance(0.9) else { return nil }
            return [["kind": "recording", "uri": .string("\(mediaHost)/\(id).opus")]]
        case .email:
            guard random.chance(0.3) else { return nil }
            return [["kind": "attachment", "uri": .string("\(mediaHost)/\(id)/attachment-1.pdf")]]
        case .chat, .message:
            return nil
        }
    }

    private static func digits(_ value: Int, count: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, count - text.count)) + text
    }
}
