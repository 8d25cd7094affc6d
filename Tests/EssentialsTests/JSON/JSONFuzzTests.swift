import Essentials
import Foundation
import Testing

/// Random mutations of real-shaped records fed to the parser (issue 13): it returns a value or
/// throws a ``JSONParseError``, never traps, and every value it returns writes back to a text that
/// parses to the same value. `INTERACTION_MIGRATE_FUZZ_ITERATIONS` and `INTERACTION_MIGRATE_FUZZ_SEED`
/// run more, or other, cases than CI's fixed seed.
@Suite("JSON parser fuzzing")
struct JSONFuzzTests {
    /// Records in the shape of the emulator's and `SampleInteractions`' exported interactions.
    static let records: [[UInt8]] = [
        #"{"id":"0b6f1c9e-3f0a-4d8e-9a51-2c7de0f1a3b4","selfUri":"/api/v2/interactions/0b6f1c9e-3f0a-4d8e-9a51-2c7de0f1a3b4","version":2,"createdDate":"2024-01-03T10:15:31.000Z","lastUpdatedDate":"2024-01-03T10:15:31.000Z","type":"voice","direction":"inbound","state":"disconnected","startTime":"2024-01-03T10:05:00.000Z","endTime":"2024-01-03T10:15:30.000Z","durationSeconds":630,"routing":{"queue":{"id":"5e2a9d41-7c1b-4f3e-8a20-9d6b1e4c7f02","name":"Billing Support"},"flow":{"id":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","name":"Main IVR","type":"inboundcall"},"skills":["Billing","Spanish"]},"participants":[{"purpose":"customer","address":"tel:+15551000042","name":"Jane Roe"},{"purpose":"agent","userId":"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a","queueId":"5e2a9d41-7c1b-4f3e-8a20-9d6b1e4c7f02","wrapup":{"codeId":"c0ffee00-1234-4abc-8def-0123456789ab","durationSeconds":47}}],"transfers":[],"externalId":"src-0b6f1c9e","attributes":{"priority":3.5,"vip":false,"notes":null,"tags":["r\u00e9clamation","\ud83d\ude00 emoji","tab\there"]}}"#,
        #"{"id":"7d3e2f10-aaaa-4bbb-8ccc-dddddddddddd","type":"chat","direction":"outbound","startTime":"2024-01-09T23:59:59.000Z","durationSeconds":-0.0,"score":1.25e-7,"big":9007199254740993,"routing":{"queue":{"id":"q-1","name":"Sales"}},"participants":[{"purpose":"agent","wrapup":{"codeId":"w-1","durationSeconds":0}},{"purpose":"customer","name":"\"Quoted\" \\ name \/ slash"}],"transfers":[{"time":"2024-01-09T23:59:59.500Z","fromQueueId":"q-1","toQueueId":"q-2"}],"media":{"transcripts":[]}}"#,
        #"[1,-2,3.0,true,false,null,"",{},[],{"a":[{"b":{"c":[[]]}}]}]"#,
    ].map { Array($0.utf8) }

    /// Sized for a few seconds in a debug build on two cores.
    static let settings = JSONMutator.Settings(defaultIterations: 20_000, defaultSeed: 20_261_203,
                                               environment: ProcessInfo.processInfo.environment)

    /// Parses `bytes`; a value must survive a compact write and a second parse unchanged.
    /// Returns whether it parsed; records an issue for any error that is not a `JSONParseError`.
    static func check(_ bytes: [UInt8], iteration: Int) -> Bool {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch is JSONParseError {
            return false
        } catch {
            Issue.record("iteration \(iteration): the parser threw \(type(of: error)) (\(error)), not a JSONParseError, for \(Self.shown(bytes))")
            return false
        }
        do {
            let written = try JSONWriter.compact(value)
            let again = try JSONParser.parse(written)
            if again != value {
                Issue.record("iteration \(iteration): a parsed value changed through write and parse: \(Self.shown(bytes))")
            }
        } catch {
            Issue.record("iteration \(iteration): a parsed value could not be written and read back (\(error)): \(Self.shown(bytes))")
        }
        return true
    }

    /// A short, printable form of `bytes` for an issue.
    static func shown(_ bytes: [UInt8]) -> String {
        "\(bytes.count) bytes: " + bytes.prefix(200).map { (0x20..<0x7F).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
    }

    @Test("the unmutated records parse and round-trip")
    func originals() {
        for (index, record) in Self.records.enumerated() {
            #expect(Self.check(record, iteration: -1 - index))
        }
    }

    @Test("mutated records: a value that round-trips, or a JSONParseError; never a trap")
    func mutatedRecords() {
        var mutator = JSONMutator(seed: Self.settings.seed)
        var parsed = 0, refused = 0
        for iteration in 0..<Self.settings.iterations {
            let base = Self.records[iteration % Self.records.count]
            // Every tenth case stacks mutations on the previous ones' kind of damage.
            let bytes = iteration % 10 == 9 ? mutator.mutate(mutator.mutate(mutator.mutate(base))) : mutator.mutate(base)
            if Self.check(bytes, iteration: iteration) { parsed += 1 } else { refused += 1 }
        }
        // Both outcomes are exercised: the mutations neither always nor never break the text.
        #expect(parsed + refused == Self.settings.iterations)
        if Self.settings.iterations >= 1000 {
            #expect(parsed > 0)
            #expect(refused > 0)
        }
    }

    @Test("nesting past the depth limit is refused with a JSONParseError, not a stack overflow")
    func deepNesting() {
        for open in ["[", "{\"a\":"] {
            let deep = Array(String(repeating: open, count: 100_000).utf8)
            #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        }
        let closed = Array((String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)).utf8)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(closed) }
    }

    @Test("the settings read their variables and ignore values that are not numbers")
    func settingsFromEnvironment() {
        let set = JSONMutator.Settings(defaultIterations: 5, defaultSeed: 1,
                                       environment: ["INTERACTION_MIGRATE_FUZZ_ITERATIONS": "70", "INTERACTION_MIGRATE_FUZZ_SEED": "99"])
        #expect(set == JSONMutator.Settings(defaultIterations: 70, defaultSeed: 99, environment: [:]))
        let junk = JSONMutator.Settings(defaultIterations: 5, defaultSeed: 1, environment: ["INTERACTION_MIGRATE_FUZZ_ITERATIONS": "lots"])
        #expect(junk.iterations == 5 && junk.seed == 1)
        // The same seed gives the same mutations.
        var a = JSONMutator(seed: 3), b = JSONMutator(seed: 3)
        for record in Self.records { #expect(a.mutate(record) == b.mutate(record)) }
    }
}
