#if canImport(Glibc)
import Glibc
#endif
import Essentials

/// The transform's fast path: writes the canonical form of a transformed record straight from
/// the exported line's bytes, without building a ``JSONValue``.
///
/// It handles the common record only, and gives up (returns `nil`, leaving the output as it was)
/// on anything else: a string with invalid UTF-8 or a bad escape, a key with a character from
/// U+E000 up or with an escape, a key repeated in one object, nesting deeper than 64, any syntax
/// error, a reference that is unmapped or not a string, a value of a type ``RecordShape`` does
/// not allow, a missing or non-string `id`, `type`,
/// `state` or `startTime`, an `id` with a character that must be escaped, an `externalId` over
/// the limit. The caller then takes the general path (``JSONParser``, ``RecordTransformer``,
/// ``JSONWriter``), which decides those cases and words their reasons. The two paths give
/// byte-identical records wherever this one does not give up; the tests check that on generated
/// exports and on every case above.
///
/// Canonical form here is RFC 8785 as ``JSONWriter`` writes it: keys sorted (for characters
/// below U+E000, UTF-8 byte order is UTF-16 order), strings without escapes copied as they are
/// (their bytes are already canonical), strings with escapes decoded by ``JSONParser`` and
/// escaped again by ``JSONWriter``, integers of up to 15 digits copied, other numbers rewritten
/// by ``JSONWriter``, no whitespace. Skipped top-level members are checked by ``JSONParser`` as
/// on the general path.
struct RecordRewriter: ~Copyable {
    /// A rewritten record: ranges of the output buffer, and the fields dropped for the schema.
    struct Rewritten {
        /// The canonical record.
        var line: Range<Int>
        /// The record's source id: its `externalId` after `<source org id>:`.
        var sortKey: Range<Int>
        var droppedFields: [String]
    }

    /// Why the rewriter gave up; the general path decides the record.
    private struct GiveUp: Error {}

    /// Where a container sits in the record, as far as the transform cares.
    private enum Context {
        case other, top, routing, routingQueue, routingFlow, wrapupCode, attributes
        case participants, participant, participantWrapup, transfers, transfer
    }

    /// A member of an object being written: its key (in the input, or the `externalId` key) and
    /// its canonical value (in the output).
    private struct Member {
        /// The key's offset in the input, or -1 for `externalId`.
        var keyStart: Int
        var keyCount: Int
        var valueStart: Int
        var valueCount: Int
    }

    private static let maximumDepth = 64
    private static let externalIdKey: StaticString = "externalId"

    /// The rules, with the mapping's tables in the forms both paths use.
    let transformer: RecordTransformer
    /// Decodes strings with escapes and numbers other than short integers, and checks skipped
    /// members, exactly as on the general path.
    private var parser = JSONParser()
    private var input = UnsafeRawBufferPointer(start: nil, count: 0)
    private var position = 0
    private var depth = 0
    /// Members of the objects being written, innermost last.
    private var members: [Member] = []
    /// An object's canonical bytes while they are put together.
    private var assembly: [UInt8] = []
    /// The top-level object's source id and dropped fields, set when it finishes.
    private var sourceId: [UInt8] = []
    private var dropped: [String] = []

    init(transformer: RecordTransformer) {
        self.transformer = transformer
        members.reserveCapacity(64)
        assembly.reserveCapacity(4096)
    }

    /// Appends the transformed record's canonical bytes, then its sort key, to `output`; or
    /// returns nil, with `output` as it was, when the record needs the general path.
    mutating func rewrite(_ line: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Rewritten? {
        let start = output.count
        input = line
        position = 0
        depth = 0
        members.removeAll(keepingCapacity: true)
        dropped = []
        defer { input = UnsafeRawBufferPointer(start: nil, count: 0) }
        do {
            skipWhitespace()
            guard position < input.count, byte(position) == UInt8(ascii: "{") else { throw GiveUp() }
            try writeObject(.top, into: &output)
            skipWhitespace()
            guard position == input.count else { throw GiveUp() }
        } catch {
            output.removeSubrange(start...)
            return nil
        }
        let lineEnd = output.count
        output.append(contentsOf: sourceId)
        return Rewritten(line: start..<lineEnd, sortKey: lineEnd..<output.count, droppedFields: dropped)
    }

    // MARK: - Reading and writing

    @inline(__always) private func byte(_ index: Int) -> UInt8 {
        input.load(fromByteOffset: index, as: UInt8.self)
    }

    @inline(__always) private mutating func skipWhitespace() {
        while position < input.count {
            switch byte(position) {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Writes the canonical form of the value at `position`.
    private mutating func writeValue(_ context: Context, into output: inout [UInt8]) throws {
        guard position < input.count else { throw GiveUp() }
        switch byte(position) {
        case UInt8(ascii: "\""):
            let start = position
            if try scanPlainString() {
                output.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start..<position]))
            } else {
                // Escapes: the parser decodes the string and the writer escapes it canonically.
                do {
                    position = try parser.skipValue(in: input, from: start, depth: depth)
                    guard case .string(let text) = try parser.parse(UnsafeRawBufferPointer(rebasing: input[start..<position])) else {
                        throw GiveUp()
                    }
                    JSONWriter.appendString(text, to: &output)
                } catch {
                    throw GiveUp()
                }
            }
        case UInt8(ascii: "{"): try writeObject(context, into: &output)
        case UInt8(ascii: "["): try writeArray(context, into: &output)
        case UInt8(ascii: "t"): try copyLiteral("true", into: &output)
        case UInt8(ascii: "f"): try copyLiteral("false", into: &output)
        case UInt8(ascii: "n"): try copyLiteral("null", into: &output)
        default: try writeNumber(into: &output)
        }
    }

    /// Moves past a string with no escapes and no control characters, whose bytes are valid
    /// UTF-8, and returns true; returns false, somewhere inside the string, at its first escape;
    /// gives up on anything else.
    private mutating func scanPlainString() throws -> Bool {
        position += 1  // "
        let start = position
        var nonASCII = false
        while true {
            while position + 8 <= input.count {
                let word = input.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                if SWAR.hasNonASCII(word) { nonASCII = true }
                if SWAR.needsEscape(word) { break }
                position += 8
            }
            guard position < input.count else { throw GiveUp() }
            let b = byte(position)
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") { return false }
            if b < 0x20 { throw GiveUp() }
            if b >= 0x80 { nonASCII = true }
            position += 1
        }
        if nonASCII {
            let text = UnsafeRawBufferPointer(rebasing: input[start..<position]).assumingMemoryBound(to: UInt8.self)
            guard String(validating: text, as: UTF8.self) != nil else { throw GiveUp() }
        }
        position += 1  // "
        return true
    }

    private mutating func copyLiteral(_ literal: StaticString, into output: inout [UInt8]) throws {
        let n = literal.utf8CodeUnitCount
        guard position + n <= input.count,
              memcmp(input.baseAddress! + position, literal.utf8Start, n) == 0 else { throw GiveUp() }
        output.append(contentsOf: UnsafeRawBufferPointer(start: literal.utf8Start, count: n))
        position += n
    }

    /// Copies an integer of up to 15 digits (its text is its canonical form); has any other
    /// number parsed and written by ``JSONParser`` and ``JSONWriter``.
    private mutating func writeNumber(into output: inout [UInt8]) throws {
        let start = position
        while position < input.count, Self.isNumberByte(byte(position)) { position += 1 }
        let text = UnsafeRawBufferPointer(rebasing: input[start..<position])
        guard !text.isEmpty else { throw GiveUp() }
        if Self.isShortCanonicalInteger(text) {
            output.append(contentsOf: text)
            return
        }
        do {
            try JSONWriter.appendCanonical(try parser.parse(text), to: &output)
        } catch {
            throw GiveUp()
        }
    }

    @inline(__always) private static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// `0`, or an optional `-` and 1 to 15 digits without a leading zero: below 2^53, written as is.
    private static func isShortCanonicalInteger(_ text: UnsafeRawBufferPointer) -> Bool {
        var digits = text[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard let first = digits.first, digits.count <= 15 else { return false }
        if first == UInt8(ascii: "0") { return digits.count == 1 && text.count == 1 }
        return digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private mutating func writeArray(_ context: Context, into output: inout [UInt8]) throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw GiveUp() }
        position += 1  // [
        output.append(UInt8(ascii: "["))
        skipWhitespace()
        if position < input.count, byte(position) == UInt8(ascii: "]") {
            position += 1
        } else {
            let elements: Context = context == .participants ? .participant : context == .transfers ? .transfer : .other
            while true {
                skipWhitespace()
                // Participants and transfers are objects (RecordShape).
                if elements != .other, position < input.count, byte(position) != UInt8(ascii: "{") { throw GiveUp() }
                try writeValue(elements, into: &output)
                skipWhitespace()
                guard position < input.count else { throw GiveUp() }
                let b = byte(position)
                position += 1
                if b == UInt8(ascii: ",") {
                    output.append(UInt8(ascii: ","))
                    continue
                }
                guard b == UInt8(ascii: "]") else { throw GiveUp() }
                break
            }
        }
        output.append(UInt8(ascii: "]"))
        depth -= 1
    }

    private mutating func writeObject(_ context: Context, into output: inout [UInt8]) throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw GiveUp() }
        position += 1  // {
        let objectStart = output.count
        let base = members.count
        skipWhitespace()
        if position < input.count, byte(position) == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                guard position < input.count, byte(position) == UInt8(ascii: "\"") else { throw GiveUp() }
                let keyStart = position + 1
                guard try scanPlainString() else { throw GiveUp() }  // A key with escapes.
                let keyCount = position - 1 - keyStart
                let key = UnsafeRawBufferPointer(rebasing: input[keyStart..<(keyStart + keyCount)])
                skipWhitespace()
                guard position < input.count, byte(position) == UInt8(ascii: ":") else { throw GiveUp() }
                position += 1
                skipWhitespace()
                if context == .top, RecordTransformer.droppedWhileReadingTable[bytes: key] != nil {
                    // Checked as the general path's parser checks a member it skips.
                    do { position = try parser.skipValue(in: input, from: position, depth: depth) } catch { throw GiveUp() }
                } else {
                    // Only keys whose byte order is their canonical (UTF-16) order.
                    guard Self.sortsByBytes(key) else { throw GiveUp() }
                    guard position < input.count else { throw GiveUp() }
                    if let allowed = Self.allowedKinds(of: key, in: context), !allowed.contains(RecordShape.Kinds(firstByte: byte(position))) {
                        throw GiveUp()
                    }
                    let valueStart = output.count
                    try writeValue(Self.context(of: key, in: context), into: &output)
                    members.append(Member(keyStart: keyStart, keyCount: keyCount, valueStart: valueStart, valueCount: output.count - valueStart))
                }
                skipWhitespace()
                guard position < input.count else { throw GiveUp() }
                let b = byte(position)
                position += 1
                if b == UInt8(ascii: ",") { continue }
                guard b == UInt8(ascii: "}") else { throw GiveUp() }
                break
            }
        }
        try sortMembers(from: base)
        try edit(context, from: base, output: &output)
        // Put the object together, then move it over the values it was made of.
        assembly.removeAll(keepingCapacity: true)
        assembly.append(UInt8(ascii: "{"))
        output.withUnsafeBytes { written in
            for index in base..<members.count {
                let member = members[index]
                if index > base { assembly.append(UInt8(ascii: ",")) }
                assembly.append(UInt8(ascii: "\""))
                assembly.append(contentsOf: keyBytes(member))
                assembly.append(UInt8(ascii: "\""))
                assembly.append(UInt8(ascii: ":"))
                assembly.append(contentsOf: UnsafeRawBufferPointer(rebasing: written[member.valueStart..<(member.valueStart + member.valueCount)]))
            }
        }
        assembly.append(UInt8(ascii: "}"))
        output.removeSubrange(objectStart...)
        output.append(contentsOf: assembly)
        members.removeSubrange(base...)
        depth -= 1
    }

    /// Whether every character of the (valid UTF-8) key is below U+E000, as its bytes all are
    /// below 0xEE: then UTF-8 byte order is code point order, which is UTF-16 order. Above, the
    /// two differ (U+FF5E sorts before U+1F600 in UTF-8, after it in UTF-16).
    @inline(__always) private static func sortsByBytes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for b in bytes where b >= 0xEE { return false }
        return true
    }

    /// The context of the value of member `key` of an object in `context`.
    private static func context(of key: UnsafeRawBufferPointer, in context: Context) -> Context {
        switch context {
        case .top:
            if equals(key, "routing") { return .routing }
            if equals(key, "wrapupCode") { return .wrapupCode }
            if equals(key, "participants") { return .participants }
            if equals(key, "transfers") { return .transfers }
            if equals(key, "attributes") { return .attributes }
            return .other
        case .routing:
            if equals(key, "queue") { return .routingQueue }
            if equals(key, "flow") { return .routingFlow }
            return .other
        case .participant:
            return equals(key, "wrapup") ? .participantWrapup : .other
        default:
            return .other
        }
    }

    /// The JSON types §6 allows for the value of member `key` of an object in `context`
    /// (``RecordShape``); nil for any.
    @inline(__always) private static func allowedKinds(of key: UnsafeRawBufferPointer, in context: Context) -> RecordShape.Kinds? {
        switch context {
        case .top: return RecordShape.topLevelTable[bytes: key]
        case .routing: return RecordShape.routingTable[bytes: key]
        case .participant: return equals(key, "wrapup") ? RecordShape.participantWrapup : nil
        case .attributes: return RecordShape.attributeValue
        default: return nil
        }
    }

    @inline(__always) private static func equals(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        bytes.count == name.utf8CodeUnitCount && (bytes.count == 0 || memcmp(bytes.baseAddress!, name.utf8Start, bytes.count) == 0)
    }

    private func keyBytes(_ member: Member) -> UnsafeRawBufferPointer {
        if member.keyStart < 0 {
            return UnsafeRawBufferPointer(start: Self.externalIdKey.utf8Start, count: Self.externalIdKey.utf8CodeUnitCount)
        }
        return UnsafeRawBufferPointer(rebasing: input[member.keyStart..<(member.keyStart + member.keyCount)])
    }

    /// Sorts the members from `base` by key bytes (insertion sort: objects are small); gives up
    /// on a repeated key.
    private mutating func sortMembers(from base: Int) throws {
        var i = base + 1
        while i < members.count {
            let member = members[i]
            let key = keyBytes(member)
            var j = i
            while j > base {
                let order = Self.compare(keyBytes(members[j - 1]), key)
                if order == 0 { throw GiveUp() }
                if order < 0 { break }
                members[j] = members[j - 1]
                j -= 1
            }
            members[j] = member
            i += 1
        }
    }

    @inline(__always) private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let result = memcmp(a.baseAddress!, b.baseAddress!, common)
            if result != 0 { return Int(result) }
        }
        return a.count - b.count
    }

    /// The index of the member `name` of the object whose members start at `base`.
    private func member(_ name: StaticString, from base: Int) -> Int? {
        for index in base..<members.count where Self.equals(keyBytes(members[index]), name) { return index }
        return nil
    }

    /// Makes member `index`'s value the canonical bytes `value`.
    private mutating func setValue(_ index: Int, _ value: [UInt8], output: inout [UInt8]) {
        members[index].valueStart = output.count
        members[index].valueCount = value.count
        output.append(contentsOf: value)
    }

    // MARK: - The transform

    /// Applies the transform's changes to the object just read in `context`.
    private mutating func edit(_ context: Context, from base: Int, output: inout [UInt8]) throws {
        switch context {
        case .routingQueue: try remap("id", .queues, nameBeside: true, from: base, output: &output)
        case .routingFlow: try remap("id", .flows, nameBeside: true, from: base, output: &output)
        case .wrapupCode: try remap("id", .wrapupCodes, nameBeside: true, from: base, output: &output)
        case .participant: try remap("queueId", .queues, from: base, output: &output)
        case .participantWrapup: try remap("codeId", .wrapupCodes, from: base, output: &output)
        case .transfer:
            try remap("fromQueueId", .queues, from: base, output: &output)
            try remap("toQueueId", .queues, from: base, output: &output)
        case .top: try editTop(from: base, output: &output)
        case .other, .routing, .participants, .transfers, .attributes: break
        }
    }

    /// Replaces the reference in member `key` (and the `name` beside it); gives up when it is
    /// unmapped (and no fallback applies) or not a string.
    private mutating func remap(
        _ key: StaticString, _ kind: MappingKind, nameBeside: Bool = false, from base: Int, output: inout [UInt8]
    ) throws {
        guard let index = member(key, from: base) else { return }
        let value = members[index]
        let first = output[value.valueStart]
        if first == UInt8(ascii: "n") { return }  // null: no reference
        guard first == UInt8(ascii: "\"") else { throw GiveUp() }
        let resolution = output.withUnsafeBytes { written in
            let id = UnsafeRawBufferPointer(rebasing: written[(value.valueStart + 1)..<(value.valueStart + value.valueCount - 1)])
            // Looked up where the tables are, not passed along: a copy would retain each one.
            switch kind {
            case .queues: return transformer.queues[bytes: id]
            case .flows: return transformer.flows[bytes: id]
            case .wrapupCodes: return transformer.wrapupCodes[bytes: id]
            }
        }
        let destination: RecordTransformer.Destination
        switch resolution {
        case .mapped(let mapped)?:
            destination = mapped
        case .unmapped?, nil:
            guard kind == .wrapupCodes, let fallback = transformer.fallbackWrapupCode else { throw GiveUp() }
            destination = fallback
        }
        setValue(index, destination.canonicalId, output: &output)
        if nameBeside, let name = destination.canonicalName, let nameIndex = member("name", from: base) {
            setValue(nameIndex, name, output: &output)
        }
    }

    /// The record's own changes: `externalId` from `id`, `id` removed, fields the destination
    /// does not know dropped.
    private mutating func editTop(from base: Int, output: inout [UInt8]) throws {
        guard let idIndex = member("id", from: base) else { throw GiveUp() }
        for required: StaticString in ["type", "state", "startTime"] {
            guard let index = member(required, from: base), output[members[index].valueStart] == UInt8(ascii: "\"") else {
                throw GiveUp()
            }
        }
        let id = members[idIndex]
        guard output[id.valueStart] == UInt8(ascii: "\""),
              transformer.externalIdPrefixLength + id.valueCount - 2 <= RecordTransformer.maximumExternalIdLength else {
            throw GiveUp()
        }
        // The sort key is the id's text; its canonical bytes in quotes are that text unless they
        // hold an escape.
        sourceId.removeAll(keepingCapacity: true)
        sourceId.append(contentsOf: output[(id.valueStart + 1)..<(id.valueStart + id.valueCount - 1)])
        guard !sourceId.contains(UInt8(ascii: "\\")) else { throw GiveUp() }
        // The new externalId's canonical bytes go straight to the output.
        let externalIdStart = output.count
        output.append(contentsOf: transformer.externalIdOpening)
        output.append(contentsOf: sourceId)
        output.append(UInt8(ascii: "\""))
        let externalIdCount = output.count - externalIdStart

        members.remove(at: idIndex)
        if let existing = member("externalId", from: base) {
            members[existing].valueStart = externalIdStart
            members[existing].valueCount = externalIdCount
        } else {
            let key = UnsafeRawBufferPointer(start: Self.externalIdKey.utf8Start, count: Self.externalIdKey.utf8CodeUnitCount)
            var at = base
            while at < members.count, Self.compare(keyBytes(members[at]), key) < 0 { at += 1 }
            members.insert(Member(keyStart: -1, keyCount: key.count, valueStart: externalIdStart, valueCount: externalIdCount), at: at)
        }
        if transformer.destinationFields != nil {
            var index = base
            while index < members.count {
                let key = keyBytes(members[index])
                if members[index].keyStart >= 0, !Self.equals(key, "externalId"), transformer.destinationFields?[bytes: key] == nil {
                    dropped.append(String(decoding: key, as: UTF8.self))
                    members.remove(at: index)
                } else {
                    index += 1
                }
            }
        }
    }
}
