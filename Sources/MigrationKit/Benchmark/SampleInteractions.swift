import Essentials

/// Interaction records of the contract's §6 shape (about 1 KB each), generated from a seed, for
/// benchmarks: the same seed and count always give the same bytes.
public enum SampleInteractions {
    /// `count` records as JSON Lines: compact JSON, one record per line, each line ending in "\n".
    public static func jsonLines(count: Int, seed: UInt64 = 42) -> [UInt8] {
        var generator = Generator(seed: seed)
        var output: [UInt8] = []
        output.reserveCapacity(count * 1100)
        for _ in 0..<count {
            let record = generator.next()
            // Compact output of a value built from finite numbers cannot fail.
            try? JSONWriter.append(record, style: .compact, to: &output)
            output.append(UInt8(ascii: "\n"))
        }
        return output
    }

    /// Makes records one at a time, for callers that stream them rather than hold them all; the
    /// records are those of ``SampleInteractions/jsonLines(count:seed:)`` for the same seed.
    ///
    /// Every record references ids from fixed pools drawn from the seed first: 40 queues,
    /// 10 flows, 25 wrap-up codes and 200 users. Record ids are random UUIDs, so records come in
    /// no particular order of id.
    public struct Generator: Sendable {
        /// The queue ids records reference.
        public let queueIds: [String]
        /// The flow ids records reference.
        public let flowIds: [String]
        /// The wrap-up code ids records reference.
        public let wrapupCodeIds: [String]
        /// The user ids records reference.
        public let userIds: [String]
        private var random: SeededGenerator
        private var index = 0

        /// A generator whose records are fixed by `seed`.
        public init(seed: UInt64) {
            var random = SeededGenerator(seed: seed)
            queueIds = (0..<40).map { _ in random.uuidString() }
            flowIds = (0..<10).map { _ in random.uuidString() }
            wrapupCodeIds = (0..<25).map { _ in random.uuidString() }
            userIds = (0..<200).map { _ in random.uuidString() }
            self.random = random
        }

        /// The next record.
        public mutating func next() -> JSONValue {
            next(queueOverride: nil)
        }

        /// The next record, with `queueOverride` (when given) in place of the record's own queue
        /// wherever it appears (`routing.queue.id`, the first agent's `queueId`, a transfer's
        /// `fromQueueId`). The random draws are those of ``next()``, so the other records of a
        /// sequence do not change.
        mutating func next(queueOverride: String?) -> JSONValue {
            defer { index += 1 }
            return SampleInteractions.makeRecord(
                index: index, queues: queueIds, flows: flowIds, codes: wrapupCodeIds, users: userIds,
                queueOverride: queueOverride, generator: &random)
        }
    }

    /// The names records give their queues (`routing.queue.name`), by queue position modulo 5.
    static let queueNames = ["Billing Support", "Sales", "Tech Support Tier 1", "Retention", "Claims"]

    private static let types: [JSONValue] = ["voice", "chat", "email", "message", "callback"]
    private static let skills: [JSONValue] = ["Billing", "Spanish", "French", "Claims", "VIP"]

    private static func timestamp(_ seconds: Int) -> String {
        // 2024-01-01T00:00:00.000Z plus `seconds`, within January 2024.
        let day = 1 + seconds / 86_400
        let h = (seconds / 3600) % 24, m = (seconds / 60) % 60, s = seconds % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "2024-01-\(two(day))T\(two(h)):\(two(m)):\(two(s)).000Z"
    }

    private static func makeRecord(
        index: Int, queues: [String], flows: [String], codes: [String], users: [String], queueOverride: String?,
        generator: inout SeededGenerator
    ) -> JSONValue {
        let id = generator.uuidString()
        let start = (index * 37) % (30 * 86_400)
        let duration = 30 + Int(generator.next() % 900)
        let queue = Int(generator.next() % UInt64(queues.count))
        let otherQueue = (queue + 1 + Int(generator.next() % 5)) % queues.count
        let code = codes[Int(generator.next() % UInt64(codes.count))]
        let user = users[Int(generator.next() % UInt64(users.count))]
        let queueName = JSONValue.string(queueNames[queue % queueNames.count])
        let queueId = queueOverride ?? queues[queue]
        let transferred = generator.next() % 4 == 0
        var participants: [JSONValue] = [
            ["purpose": "customer", "address": .string("tel:+1555\(1_000_000 + index % 8_999_999)"), "name": "Jane Roe"],
            ["purpose": "agent", "userId": .string(user), "queueId": .string(queueId),
             "wrapup": ["codeId": .string(code), "durationSeconds": .int(Int64(generator.next() % 120))]],
        ]
        var transfers: [JSONValue] = []
        if transferred {
            transfers.append(["time": .string(timestamp(start + duration / 2)), "fromQueueId": .string(queueId),
                              "toQueueId": .string(queues[otherQueue])])
            participants.append(["purpose": "agent", "userId": .string(users[(index * 7) % users.count]),
                                 "queueId": .string(queues[otherQueue]),
                                 "wrapup": ["codeId": .string(code), "durationSeconds": 12]])
        }
        return [
            "id": .string(id),
            "selfUri": .string("/api/v2/interactions/\(id)"),
            "version": .int(Int64(1 + index % 4)),
            "createdDate": .string(timestamp(start + duration + 1)),
            "lastUpdatedDate": .string(timestamp(start + duration + 1)),
            "type": types[index % types.count],
            "direction": index % 4 == 0 ? "outbound" : "inbound",
            "state": "disconnected",
            "startTime": .string(timestamp(start)),
            "endTime": .string(timestamp(start + duration)),
            "durationSeconds": .int(Int64(duration)),
            "routing": [
                "queue": ["id": .string(queueId), "name": queueName],
                "flow": ["id": .string(flows[index % flows.count]), "name": "Main IVR", "type": "inboundcall"],
                "skills": [skills[index % skills.count], skills[(index + 1) % skills.count]],
            ],
            "wrapupCode": ["id": .string(code), "name": "Resolved"],
            "participants": .array(participants),
            "transfers": .array(transfers),
            "attributes": ["crmCaseId": .string("500-\(index)")],
            "transcripts": [["participantPurpose": "customer", "text": "Hello, a question about my invoice."]],
            "media": [["kind": "recording", "uri": .string("https://rec.example.com/\(index).opus")]],
        ]
    }
}
