import Essentials

/// The JSON types §6 allows in the parts of a record that reach the destination, checked by
/// both transform paths: ``RecordTransformer`` words the problem, ``RecordRewriter`` gives up
/// (to the general path) on the first byte of a value of a type not allowed.
///
/// A record with a field of the wrong type is invalid, not carried over: a `routing` that is a
/// string, or a participant that is not an object, could hold a source org's id that the
/// transform would not see and so not remap. `id`, `type`, `state` and `startTime` (required
/// strings) are checked by the transformer itself; the fields it drops (system-managed ones,
/// transcripts and media) are checked for syntax only, since they never reach the destination.
enum RecordShape {
    /// A set of JSON types.
    struct Kinds: OptionSet, Sendable {
        let rawValue: UInt8
        init(rawValue: UInt8) { self.rawValue = rawValue }
        static let string = Kinds(rawValue: 1)
        static let number = Kinds(rawValue: 2)
        static let bool = Kinds(rawValue: 4)
        static let object = Kinds(rawValue: 8)
        static let array = Kinds(rawValue: 16)
        static let null = Kinds(rawValue: 32)

        /// The type of the JSON value that starts with `byte` (a number for anything else: the
        /// parser refuses what isn't one).
        @inline(__always)
        init(firstByte byte: UInt8) {
            switch byte {
            case UInt8(ascii: "\""): self = .string
            case UInt8(ascii: "{"): self = .object
            case UInt8(ascii: "["): self = .array
            case UInt8(ascii: "t"), UInt8(ascii: "f"): self = .bool
            case UInt8(ascii: "n"): self = .null
            default: self = .number
            }
        }

        init(of value: JSONValue) {
            switch value {
            case .string: self = .string
            case .int, .double: self = .number
            case .bool: self = .bool
            case .object: self = .object
            case .array: self = .array
            case .null: self = .null
            }
        }

        /// "a string", "an object or null"...
        var description: String {
            let names: [(Kinds, String)] = [(.string, "a string"), (.number, "a number"), (.bool, "a Boolean"),
                                            (.object, "an object"), (.array, "an array"), (.null, "null")]
            return names.filter { contains($0.0) }.map(\.1).joined(separator: " or ")
        }
    }

    /// Optional top-level fields and what they may be (absent is always allowed).
    static let topLevel: [(key: String, value: Kinds)] = [
        ("direction", [.string, .null]), ("endTime", [.string, .null]), ("durationSeconds", [.number, .null]),
        ("routing", [.object, .null]), ("wrapupCode", [.object, .null]), ("participants", [.array, .null]),
        ("transfers", [.array, .null]), ("attributes", [.object, .null]),
    ]
    static let topLevelTable = ByteKeyTable(topLevel)
    /// Members of `routing`.
    static let routing: [(key: String, value: Kinds)] = [("queue", [.object, .null]), ("flow", [.object, .null])]
    static let routingTable = ByteKeyTable(routing)
    /// Each element of `participants` and of `transfers`.
    static let element: Kinds = .object
    /// A participant's `wrapup`.
    static let participantWrapup: Kinds = [.object, .null]
    /// Each value of `attributes` (string to string).
    static let attributeValue: Kinds = .string

    /// The first part of `record` (its top-level object) of a type §6 does not allow, worded
    /// for the rejects file; nil when every part has an allowed type.
    static func problem(in record: JSONObject) -> String? {
        func wrong(_ path: String, _ value: JSONValue, _ allowed: Kinds) -> String? {
            allowed.contains(Kinds(of: value)) ? nil : "the record's \"\(path)\" is \(value.kindDescription), not \(allowed.description)"
        }
        for member in record.members {
            guard let allowed = topLevelTable[member.key] else { continue }
            if let problem = wrong(member.key, member.value, allowed) { return problem }
            switch (member.key, member.value) {
            case ("routing", .object(let routing)):
                for inner in routing.members {
                    if let allowed = routingTable[inner.key], let problem = wrong("routing.\(inner.key)", inner.value, allowed) {
                        return problem
                    }
                }
            case ("participants", .array(let elements)), ("transfers", .array(let elements)):
                for (index, element) in elements.enumerated() {
                    if let problem = wrong("\(member.key)[\(index)]", element, Self.element) { return problem }
                    if member.key == "participants", let wrapup = element["wrapup"],
                       let problem = wrong("participants[\(index)].wrapup", wrapup, participantWrapup) {
                        return problem
                    }
                }
            case ("attributes", .object(let attributes)):
                for attribute in attributes.members {
                    if let problem = wrong("attributes.\(attribute.key)", attribute.value, attributeValue) { return problem }
                }
            default:
                break
            }
        }
        return nil
    }
}
