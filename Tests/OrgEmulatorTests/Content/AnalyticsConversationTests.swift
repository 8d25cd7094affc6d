import Essentials
import OrgEmulator
import Testing

@Suite("Analytics conversation details from records")
struct AnalyticsConversationTests {
    let source = ContentFixtures.source

    @Test("§9's conversion of every generated record's conversation gives the record back")
    func roundTrip() throws {
        let conversion = SectionNineConversion(org: source)
        #expect(source.interactions.count == 500)
        for record in source.interactions {
            let id = record["id"]?.stringValue ?? "?"
            let conversation = try #require(AnalyticsConversation.make(from: record))
            let back = conversion.record(from: conversation)
            let keys = ["id", "type", "direction", "state", "startTime", "endTime", "durationSeconds", "participants", "transfers", "attributes"]
            for key in keys {
                #expect(back[key] == record[key], "\(id): \(key) differs")
            }
            #expect(back["routing"]?["queue"] == record["routing"]?["queue"], "\(id): routing.queue differs")
            #expect(back["routing"]?["flow"] == record["routing"]?["flow"], "\(id): routing.flow differs")
            #expect(back["wrapupCode"] == record["wrapupCode"]?.objectValue.map(JSONValue.object), "\(id): wrapupCode differs")
        }
    }

    @Test("segments are in time order, within the conversation, and queue segments never tie")
    func segmentTimes() throws {
        for record in source.interactions {
            let id = record["id"]?.stringValue ?? "?"
            let conversation = try #require(AnalyticsConversation.make(from: record))
            let start = try #require(ContentFixtures.milliseconds(conversation["conversationStart"]))
            let end = try #require(ContentFixtures.milliseconds(conversation["conversationEnd"]))
            var queueStarts: [Int64] = []
            for participant in conversation["participants"]?.arrayValue ?? [] {
                for session in participant["sessions"]?.arrayValue ?? [] {
                    #expect(session["mediaType"] == record["type"])
                    var previousEnd = start
                    for segment in session["segments"]?.arrayValue ?? [] {
                        let from = try #require(ContentFixtures.milliseconds(segment["segmentStart"]))
                        let to = try #require(ContentFixtures.milliseconds(segment["segmentEnd"]))
                        #expect(previousEnd <= from && from < to && to <= end, "\(id): segment out of order or bounds")
                        previousEnd = to
                        if segment["queueId"] != nil { queueStarts.append(from) }
                    }
                }
            }
            #expect(Set(queueStarts).count == queueStarts.count, "\(id): two queue segments start together")
        }
    }

    @Test("the analytics form has the contract's shape")
    func shape() throws {
        let withFlow = try #require(source.interactions.first {
            $0["routing"]?["flow"] != nil && ($0["transfers"]?.arrayValue?.count ?? 0) > 0
        })
        let conversation = try #require(AnalyticsConversation.make(from: withFlow))
        let participants = try #require(conversation["participants"]?.arrayValue)
        #expect(conversation["conversationId"] == withFlow["id"])
        #expect(conversation["originatingDirection"] == withFlow["direction"])
        #expect(["customer", "external"].contains(participants.first?["purpose"]?.stringValue ?? ""))
        let ivr = try #require(participants.first { $0["purpose"]?.stringValue == "ivr" })
        let flow = try #require(ivr["sessions"]?.arrayValue?.first?["flow"])
        #expect(flow["flowType"]?.stringValue == withFlow["routing"]?["flow"]?["type"]?.stringValue?.uppercased())
        #expect(participants.contains { $0["purpose"]?.stringValue == "acd" })
        #expect(participants.allSatisfy { $0["participantId"]?.stringValue?.count == 36 })
        let agent = try #require(participants.first { $0["purpose"]?.stringValue == "agent" })
        let segments = try #require(agent["sessions"]?.arrayValue?.first?["segments"]?.arrayValue)
        #expect(segments.map { $0["segmentType"]?.stringValue ?? "" } == ["interact", "wrapup"])
        #expect(segments.last?["wrapUpCode"]?.stringValue != nil)
        // the same record always gives the same conversation
        #expect(AnalyticsConversation.make(from: withFlow) == conversation)
    }

    @Test("outbound customers are the dialled number; inbound customers the caller")
    func addresses() throws {
        for direction in ["inbound", "outbound"] {
            let record = try #require(source.interactions.first {
                $0["direction"]?.stringValue == direction && $0["type"]?.stringValue == "voice"
            })
            let conversation = try #require(AnalyticsConversation.make(from: record))
            let session = try #require(conversation["participants"]?.arrayValue?.first?["sessions"]?.arrayValue?.first)
            let address = record["participants"]?.arrayValue?.first?["address"]
            #expect((direction == "inbound" ? session["ani"] : session["dnis"]) == address)
            #expect((direction == "inbound" ? session["dnis"] : session["ani"]) != address)
        }
    }

    @Test("incomplete records have no conversation")
    func incomplete() {
        #expect(AnalyticsConversation.make(from: ["type": "voice", "startTime": "2024-01-15T10:00:00.000Z"]) == nil)
        #expect(AnalyticsConversation.make(from: ["id": "x", "startTime": "2024-01-15T10:00:00.000Z"]) == nil)
        #expect(AnalyticsConversation.make(from: ["id": "x", "type": "voice", "startTime": "yesterday"]) == nil)
        #expect(AnalyticsConversation.make(from: "not an object") == nil)
    }

    @Test("a bare record (as an import may hold) still converts to its type, times and queue")
    func bareRecord() throws {
        let record: JSONValue = [
            "id": "c0ffee00-0000-4000-8000-000000000001", "type": "chat", "direction": "inbound", "state": "disconnected",
            "startTime": "2024-01-15T10:00:00Z", "durationSeconds": 90,
            "routing": ["queue": ["id": "q-1", "name": "Sales"]],
        ]
        let conversation = try #require(AnalyticsConversation.make(from: record))
        #expect(conversation["conversationEnd"]?.stringValue == "2024-01-15T10:01:30.000Z")
        let back = SectionNineConversion(org: OrgContent(name: "x", id: "x", domain: "x", queues: [
            EmulatedQueue(id: "q-1", name: "Sales", divisionId: "d", divisionName: "Home")
        ])).record(from: conversation)
        #expect(back["type"]?.stringValue == "chat")
        #expect(back["startTime"]?.stringValue == "2024-01-15T10:00:00Z")
        #expect(back["durationSeconds"]?.intValue == 90)
        #expect(back["routing"]?["queue"] == record["routing"]?["queue"])
        #expect(back["participants"]?.arrayValue?.isEmpty == true)
        #expect(back["transfers"]?.arrayValue?.isEmpty == true)
    }
}
