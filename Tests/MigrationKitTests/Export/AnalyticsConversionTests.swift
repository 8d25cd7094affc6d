import Essentials
import Testing

@testable import MigrationKit

@Suite("Analytics conversations into v2.1 records (contract §9)")
struct AnalyticsConversionTests {
    static let window = ExportWindow(start: ISOTimestamp(year: 2024, month: 1, day: 15), end: ISOTimestamp(year: 2024, month: 1, day: 16))

    static func conversion(types: Set<String> = AnalyticsConversion.knownTypes) -> AnalyticsConversion {
        AnalyticsConversion(window: window, availableUntil: ISOTimestamp(year: 2024, month: 2, day: 1), types: types,
                            queueNames: ["q1": "Billing Support", "q2": "Retention"], wrapupCodeNames: ["w1": "Resolved"])
    }

    /// The conversation of §9's example, with a transfer from q1 to q2.
    static func conversation(start: String = "2024-01-15T10:00:00.000Z", end: String? = "2024-01-15T10:05:00.500Z",
                             media: String = "voice", customerPurpose: String = "customer") throws -> JSONValue {
        var text = """
        {"conversationId": "c1", "conversationStart": "\(start)", \(end.map { "\"conversationEnd\": \"\($0)\"," } ?? "")
         "originatingDirection": "inbound",
         "participants": [
           {"participantId": "p1", "participantName": "Jane Roe", "purpose": "\(customerPurpose)", "attributes": {"crmCaseId": "500-1234", "n": 5},
            "sessions": [{"mediaType": "\(media)", "direction": "inbound", "ani": "tel:+15551234567", "dnis": "tel:+18005550100",
                          "segments": [{"segmentStart": "2024-01-15T10:00:00.000Z", "segmentEnd": "2024-01-15T10:05:00.000Z", "segmentType": "interact"}]}]},
           {"purpose": "ivr", "sessions": [{"mediaType": "voice",
                          "flow": {"flowId": "f1", "flowName": "Main IVR", "flowType": "INBOUNDCALL"},
                          "segments": [{"segmentStart": "2024-01-15T10:00:00.000Z", "segmentEnd": "2024-01-15T10:00:30.000Z", "segmentType": "ivr"}]}]},
           {"purpose": "acd", "sessions": [{"mediaType": "voice",
                          "segments": [{"segmentStart": "2024-01-15T10:00:30.000Z", "segmentEnd": "2024-01-15T10:01:00.000Z", "segmentType": "delay", "queueId": "q1"}]}]},
           {"purpose": "agent", "userId": "u1", "sessions": [{"mediaType": "voice",
                          "segments": [{"segmentStart": "2024-01-15T10:01:00.000Z", "segmentEnd": "2024-01-15T10:02:00.000Z", "segmentType": "interact", "queueId": "q1"},
                                       {"segmentStart": "2024-01-15T10:02:00.000Z", "segmentEnd": "2024-01-15T10:04:00.000Z", "segmentType": "interact", "queueId": "q2"},
                                       {"segmentStart": "2024-01-15T10:04:00.000Z", "segmentEnd": "2024-01-15T10:04:30.000Z", "segmentType": "wrapup", "queueId": "q2", "wrapUpCode": "w1"}]}]}
         ]}
        """
        text = text.replacingOccurrences(of: "\n", with: " ")
        return try JSONParser.parse(text)
    }

    @Test("the example conversation converts by the table, field by field")
    func example() throws {
        guard case .record(let record) = Self.conversion().convert(try Self.conversation()) else {
            Issue.record("expected a record")
            return
        }
        let expected = try JSONParser.parse("""
        {"id":"c1","type":"voice","direction":"inbound","state":"disconnected",
         "startTime":"2024-01-15T10:00:00.000Z","endTime":"2024-01-15T10:05:00.500Z","durationSeconds":300,
         "routing":{"queue":{"id":"q1","name":"Billing Support"},"flow":{"id":"f1","name":"Main IVR","type":"inboundcall"}},
         "wrapupCode":{"id":"w1","name":"Resolved"},
         "participants":[{"purpose":"customer","address":"tel:+15551234567","name":"Jane Roe"},
                         {"purpose":"agent","userId":"u1","queueId":"q1","wrapup":{"codeId":"w1","durationSeconds":30}}],
         "transfers":[{"time":"2024-01-15T10:02:00.000Z","fromQueueId":"q1","toQueueId":"q2"}],
         "attributes":{"crmCaseId":"500-1234"}}
        """)
        #expect(try JSONWriter.canonical(record) == JSONWriter.canonical(expected))
    }

    @Test("an outbound call's external customer gives the attributes and the dialled address")
    func external() throws {
        var conversation = try #require(try Self.conversation(customerPurpose: "external").objectValue)
        conversation["originatingDirection"] = "outbound"
        var participants = try #require(conversation["participants"]?.arrayValue)
        var customer = try #require(participants[0].objectValue)
        var sessions = try #require(customer["sessions"]?.arrayValue)
        var session = try #require(sessions[0].objectValue)
        session["direction"] = "outbound"
        sessions[0] = .object(session)
        customer["sessions"] = .array(sessions)
        participants[0] = .object(customer)
        conversation["participants"] = .array(participants)
        guard case .record(let record) = Self.conversion().convert(.object(conversation)) else {
            Issue.record("expected a record")
            return
        }
        #expect(record["participants"]?.arrayValue?.first?["address"] == "tel:+18005550100")
        #expect(record["participants"]?.arrayValue?.first?["purpose"] == "external")
        #expect(record["attributes"]?["crmCaseId"] == "500-1234")
        #expect(record["direction"] == "outbound")
    }

    @Test("conversations that start outside the window, are not final, or have an unknown media type are left out")
    func leftOut() throws {
        let conversion = Self.conversion()
        if case .otherWindow = conversion.convert(try Self.conversation(start: "2024-01-14T23:50:00.000Z")) {} else { Issue.record("previous day") }
        if case .otherWindow = conversion.convert(try Self.conversation(start: "2024-01-16T00:00:00.000Z")) {} else { Issue.record("next day") }
        if case .notFinal = conversion.convert(try Self.conversation(end: nil)) {} else { Issue.record("no end") }
        if case .unsupportedMedia = conversion.convert(try Self.conversation(media: "cobrowse")) {} else { Issue.record("cobrowse") }
        if case .unsupportedMedia = Self.conversion(types: ["chat"]).convert(try Self.conversation()) {} else { Issue.record("not asked for") }
        var late = Self.conversion()
        late.availableUntil = ISOTimestamp(year: 2024, month: 1, day: 15, hour: 9)
        if case .notFinal = late.convert(try Self.conversation()) {} else { Issue.record("after dataAvailabilityDate") }
        if case .malformed = conversion.convert(["participants": []]) {} else { Issue.record("no id") }
    }
}
