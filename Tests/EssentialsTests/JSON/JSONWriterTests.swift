import Essentials
import Testing

@Suite("JSON writers")
struct JSONWriterTests {
    static let sample: JSONValue = [
        "name": "Billing \"Support\"",
        "id": 42,
        "nested": ["z": [], "a": [1, 2.5, nil], "m": [:]],
        "flag": true,
    ]

    @Test("pretty output: two-space indent, sorted keys, trailing newline")
    func pretty() throws {
        let text = String(decoding: try JSONWriter.pretty(Self.sample), as: UTF8.self)
        #expect(text == """
            {
              "flag": true,
              "id": 42,
              "name": "Billing \\"Support\\"",
              "nested": {
                "a": [
                  1,
                  2.5,
                  null
                ],
                "m": {},
                "z": []
              }
            }

            """)
    }

    @Test("pretty output can keep the value's own key order")
    func prettyInOrder() throws {
        let text = String(decoding: try JSONWriter.pretty(["b": 1, "a": 2], sortedKeys: false), as: UTF8.self)
        #expect(text == "{\n  \"b\": 1,\n  \"a\": 2\n}\n")
    }

    @Test("compact output keeps order and exact integers; canonical sorts")
    func compactAndCanonical() throws {
        let value: JSONValue = ["b": .int(Int64.max), "a": [1, "x"]]
        #expect(String(decoding: try JSONWriter.compact(value), as: UTF8.self) == #"{"b":9223372036854775807,"a":[1,"x"]}"#)
        #expect(String(decoding: try JSONWriter.canonical(value), as: UTF8.self) == #"{"a":[1,"x"],"b":9223372036854776000}"#)
    }

    @Test("every writer's output parses back to the same value")
    func roundTrip() throws {
        for bytes in [try JSONWriter.compact(Self.sample), try JSONWriter.canonical(Self.sample), try JSONWriter.pretty(Self.sample)] {
            #expect(try JSONParser.parse(bytes) == Self.sample)
        }
    }

    @Test("canonical form is the same whatever the input order and spacing")
    func canonicalIsOrderFree() throws {
        let a = try JSONParser.parse(#"{"b":{"y":1,"x":[true]},"a":"é"}"#)
        let b = try JSONParser.parse(" {\"a\" : \"\\u00e9\", \"b\": {\"x\": [ true ], \"y\": 1.0}} ")
        #expect(try JSONWriter.canonical(a) == JSONWriter.canonical(b))
    }

    @Test("long strings with escapes past the eight-byte fast path", arguments: [0, 1, 7, 8, 9, 15, 16, 17])
    func escapesAtEveryOffset(_ padding: Int) throws {
        let prefix = String(repeating: "a", count: padding)
        let value = JSONValue.string(prefix + "\"\n" + prefix + "\\\u{1}")
        let text = String(decoding: try JSONWriter.canonical(value), as: UTF8.self)
        #expect(text == "\"" + prefix + "\\\"\\n" + prefix + "\\\\\\u0001\"")
        #expect(try JSONParser.parse(text) == value)
    }

    @Test("a reused writer sorts objects of the same size but different keys correctly")
    func reusedWriterKeyOrders() throws {
        var writer = JSONWriter(style: .canonical)
        let values: [JSONValue] = [["c": 1, "a": 2, "b": 3], ["z": 1, "y": 2, "x": 3], ["c": 4, "a": 5, "b": 6], ["b": 1, "c": 2, "a": 3]]
        var output: [UInt8] = []
        for value in values {
            output.removeAll()
            try writer.append(value, to: &output)
            #expect(output == (try JSONWriter.canonical(value)))
            let keys = try #require(try JSONParser.parse(output).objectValue).keys
            #expect(keys == keys.sorted())
        }
    }

    @Test("nested unsorted objects are sorted at every level, also after a write that failed midway")
    func nestedOrdersAndFailedWrite() throws {
        var writer = JSONWriter(style: .canonical)
        let nested: JSONValue = [
            "z": ["d": 1, "b": ["y": 1, "x": 2, "w": ["k": 1, "j": 2]], "c": 3, "a": 4],
            "a": [["q": 1, "p": 2], ["s": ["v": 1, "u": 2], "r": 1]],
            "m": ["c": 5, "b": 6, "a": 7, "d": 8],
        ]
        let expected = Array(#"{"a":[{"p":2,"q":1},{"r":1,"s":{"u":2,"v":1}}],"m":{"a":7,"b":6,"c":5,"d":8},"z":{"a":4,"b":{"w":{"j":2,"k":1},"x":2,"y":1},"c":3,"d":1}}"#.utf8)
        var output: [UInt8] = []
        try writer.append(nested, to: &output)
        #expect(output == expected)
        // A non-finite number deep inside unsorted objects throws in the middle of the write.
        let broken: JSONValue = ["b": ["d": ["f": .double(.nan), "e": 1], "c": 1], "a": 1]
        var ignored: [UInt8] = []
        #expect(throws: (any Error).self) { try writer.append(broken, to: &ignored) }
        output.removeAll()
        try writer.append(nested, to: &output)
        #expect(output == expected)
    }
}
