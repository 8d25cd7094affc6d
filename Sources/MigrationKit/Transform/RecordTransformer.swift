import Essentials

/// Turns a source org's interaction record (§6) into one the destination org imports: drops the
/// system-managed fields, transcripts and media, sets `externalId`, replaces every queue, flow and
/// wrap-up code reference through the mapping, and drops the top-level fields the destination's
/// schema does not know.
///
/// Pure and fast: the record's object is changed in place (pass the record with `consume`, or as
/// its last use, so that no subtree is copied), the mapping is flattened into one hash table per
/// list at `init` (``ByteKeyTable``), and strings are built only for problems (unmapped
/// references, invalid records).
public struct RecordTransformer: Sendable {
    /// The rules the transformer applies.
    public let rules: TransformRules

    /// A destination entity's id and (when the mapping knows it) name, as values for the general
    /// path and as canonical JSON string bytes for the fast path (``RecordRewriter``). A class,
    /// so that a lookup copies one reference, not four.
    final class Destination: Sendable {
        let id: JSONValue
        let name: JSONValue?
        let canonicalId: [UInt8]
        let canonicalName: [UInt8]?

        init(id: String, name: String?) {
            func canonical(_ string: String) -> [UInt8] {
                var bytes: [UInt8] = []
                JSONWriter.appendString(string, to: &bytes)
                return bytes
            }
            self.id = .string(id)
            self.name = name.map(JSONValue.string)
            canonicalId = canonical(id)
            canonicalName = name.map(canonical)
        }
    }

    /// What a source id of one list resolves to.
    enum Resolution: Sendable {
        case mapped(Destination)
        /// The mapping lists the entity but gives it no destination.
        case unmapped(sourceName: String)
    }

    let queues: ByteKeyTable<Resolution>
    let flows: ByteKeyTable<Resolution>
    let wrapupCodes: ByteKeyTable<Resolution>
    let fallbackWrapupCode: Destination?
    private let externalIdPrefix: String
    /// The UTF-8 length of what every `externalId` starts with: the source org id and a colon.
    var externalIdPrefixLength: Int { externalIdPrefix.utf8.count }
    /// The canonical bytes of an `externalId` string up to its source id: `"<source org id>:`.
    let externalIdOpening: [UInt8]
    /// The destination schema's top-level fields; nil keeps every field.
    let destinationFields: ByteKeyTable<Bool>?

    /// Top-level fields the transform always removes but `id` (which makes `externalId`): the
    /// other system-managed fields, transcripts and media. The window transform's reader leaves
    /// them out, checking only their syntax.
    static let droppedWhileReading = ["selfUri", "version", "createdDate", "lastUpdatedDate", "transcripts", "media"]
    /// ``droppedWhileReading`` as a table, for the fast path.
    static let droppedWhileReadingTable = ByteKeyTable(droppedWhileReading.map { ($0, true) })

    /// The longest `externalId` the destination accepts (§6).
    public static let maximumExternalIdLength = 256

    /// A transformer applying `rules`.
    public init(rules: TransformRules) {
        self.rules = rules
        func table(_ kind: MappingKind) -> ByteKeyTable<Resolution> {
            // For an id listed twice the first entry counts, as in the mapping's own lookups.
            ByteKeyTable(rules.mapping[kind].map { entry in
                if let destination = rules.mapping.destination(for: kind, sourceId: entry.sourceId) {
                    return (entry.sourceId, .mapped(Destination(id: destination.id, name: destination.name)))
                }
                return (entry.sourceId, .unmapped(sourceName: entry.sourceName))
            })
        }
        queues = table(.queues)
        flows = table(.flows)
        wrapupCodes = table(.wrapupCodes)
        fallbackWrapupCode = rules.fallbackWrapupCode.map { Destination(id: $0.id, name: $0.name) }
        externalIdPrefix = rules.sourceOrgId + ":"
        externalIdOpening = Array(Destination(id: externalIdPrefix, name: nil).canonicalId.dropLast())
        destinationFields = rules.destinationFields.map { fields in ByteKeyTable(fields.map { ($0, true) }) }
    }

    /// The transformed `record`, or why it cannot be transformed.
    public func transform(_ record: consuming JSONValue) -> RecordOutcome {
        guard case .object(var object) = record else {
            return .invalid(reason: "the record is \(record.kindDescription), not an object")
        }
        record = .null  // `object` now holds the only reference the caller gave up.

        // One pass: find the required fields and the members to change.
        var sourceId: String?
        var idPosition = 0
        var hasType = false, hasState = false, hasStartTime = false
        var routing: Int?, wrapupCode: Int?, participants: Int?, transfers: Int?, externalId: Int?
        var removals = 0
        do {
            let members = object.members  // Released before `object` changes, which stays unique.
            for position in members.indices {
                switch TopField(members[position].key) {
                case .id:
                    sourceId = members[position].value.stringValue
                    idPosition = position
                    removals += 1
                case .type: hasType = Self.isString(members[position].value)
                case .state: hasState = Self.isString(members[position].value)
                case .startTime: hasStartTime = Self.isString(members[position].value)
                case .removed: removals += 1
                case .routing: routing = position
                case .wrapupCode: wrapupCode = position
                case .participants: participants = position
                case .transfers: transfers = position
                case .externalId: externalId = position
                case .other: break
                }
            }
        }
        guard let sourceId else { return .invalid(reason: Self.missing("id", in: object)) }
        guard hasType else { return .invalid(reason: Self.missing("type", in: object)) }
        guard hasState else { return .invalid(reason: Self.missing("state", in: object)) }
        guard hasStartTime else { return .invalid(reason: Self.missing("startTime", in: object)) }
        if let reason = RecordShape.problem(in: object) { return .invalid(reason: reason) }

        var pass = Pass()
        if let routing {
            object.updateValue(at: routing) { value in
                Self.withObject(&value) { routing in
                    if let queue = Self.position(of: "queue", in: routing) {
                        routing.updateValue(at: queue) { value in
                            Self.withObject(&value) {
                                remap(&$0, key: "id", kind: .queues, nameBeside: true, path: "routing.queue.id", &pass)
                            }
                        }
                    }
                    if let flow = Self.position(of: "flow", in: routing) {
                        routing.updateValue(at: flow) { value in
                            Self.withObject(&value) {
                                remap(&$0, key: "id", kind: .flows, nameBeside: true, path: "routing.flow.id", &pass)
                            }
                        }
                    }
                }
            }
        }
        if let wrapupCode {
            object.updateValue(at: wrapupCode) { value in
                Self.withObject(&value) {
                    remap(&$0, key: "id", kind: .wrapupCodes, nameBeside: true, path: "wrapupCode.id", &pass)
                }
            }
        }
        if let participants {
            object.updateValue(at: participants) { value in
                Self.withArray(&value) { participants in
                    for index in participants.indices {
                        Self.withObject(&participants[index]) { participant in
                            remap(&participant, key: "queueId", kind: .queues, path: "participants[\(index)].queueId", &pass)
                            if let wrapup = Self.position(of: "wrapup", in: participant) {
                                participant.updateValue(at: wrapup) { value in
                                    Self.withObject(&value) {
                                        remap(&$0, key: "codeId", kind: .wrapupCodes, path: "participants[\(index)].wrapup.codeId", &pass)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let transfers {
            object.updateValue(at: transfers) { value in
                Self.withArray(&value) { transfers in
                    for index in transfers.indices {
                        Self.withObject(&transfers[index]) { transfer in
                            remap(&transfer, key: "fromQueueId", kind: .queues, path: "transfers[\(index)].fromQueueId", &pass)
                            remap(&transfer, key: "toQueueId", kind: .queues, path: "transfers[\(index)].toQueueId", &pass)
                        }
                    }
                }
            }
        }
        if let reason = pass.invalidReason { return .invalid(reason: reason) }
        if !pass.unmapped.isEmpty { return .unmapped(sourceId: sourceId, references: pass.unmapped) }

        var newExternalId = String()
        newExternalId.reserveCapacity(externalIdPrefix.utf8.count + sourceId.utf8.count)
        newExternalId += externalIdPrefix
        newExternalId += sourceId
        guard newExternalId.utf8.count <= Self.maximumExternalIdLength || newExternalId.count <= Self.maximumExternalIdLength else {
            return .invalid(
                reason: "the external id \"\(newExternalId)\" is longer than \(Self.maximumExternalIdLength) characters"
            )
        }
        if let externalId {
            object.updateValue(at: externalId) { $0 = .string(newExternalId) }
        }

        // `externalId` takes the place of `id` (member order is free: records are written
        // canonically), so the members need not grow.
        if externalId == nil {
            object.replaceMember(at: idPosition, uniqueKey: "externalId", value: .string(newExternalId))
            removals -= 1
        }
        var dropped: [String] = []
        if removals == 1 && destinationFields == nil {
            object.removeMember(at: idPosition)  // `id` beside an `externalId` set above.
        } else if removals > 0 || destinationFields != nil {
            let fields = destinationFields
            object.removeAll { member in
                switch TopField(member.key) {
                case .id, .removed: return true
                case .externalId: return false
                default:
                    guard let fields, fields[member.key] == nil else { return false }
                    dropped.append(member.key)
                    return true
                }
            }
        }
        if dropped.count > 1 { dropped.sort() }
        return .transformed(record: .object(object), externalId: newExternalId, droppedFields: dropped)
    }

    // MARK: - References

    /// What one record's references produced besides changes.
    private struct Pass {
        var unmapped: [UnmappedReference] = []
        var invalidReason: String?
    }

    /// Replaces the reference in member `key` of `object` (a list `kind` id), and the `name` member
    /// beside it when `nameBeside`; records it as unmapped when the mapping has no destination.
    /// A missing or `null` member is no reference.
    private func remap(
        _ object: inout JSONObject, key: String, kind: MappingKind, nameBeside: Bool = false,
        path: @autoclosure () -> String, _ pass: inout Pass
    ) {
        guard let position = Self.position(of: key, in: object) else { return }
        let sourceId: String
        switch object[position].value {
        case .null: return
        case .string(let string): sourceId = string
        case let other:
            pass.invalidReason = "the record's \"\(path())\" is \(other.kindDescription), not a string"
            return
        }
        let sourceName: String?
        switch table(kind)[sourceId] {
        case .mapped(let destination)?:
            replace(&object, at: position, id: destination.id, name: nameBeside ? destination.name : nil)
            return
        case .unmapped(let name)?:
            sourceName = name
        case nil:
            sourceName = nameBeside ? object["name"]?.stringValue : nil
        }
        if kind == .wrapupCodes, let fallback = fallbackWrapupCode {
            replace(&object, at: position, id: fallback.id, name: nameBeside ? fallback.name : nil)
            return
        }
        pass.unmapped.append(UnmappedReference(kind: kind, sourceId: sourceId, sourceName: sourceName, path: path()))
    }

    /// Sets the id at `position` and, when given, an existing `name` member (none is added).
    @inline(__always)
    private func replace(_ object: inout JSONObject, at position: Int, id: JSONValue, name: JSONValue?) {
        object.updateValue(at: position) { $0 = id }
        if let name, let namePosition = Self.position(of: "name", in: object) {
            object.updateValue(at: namePosition) { $0 = name }
        }
    }

    @inline(__always)
    private func table(_ kind: MappingKind) -> ByteKeyTable<Resolution> {
        switch kind {
        case .queues: return queues
        case .flows: return flows
        case .wrapupCodes: return wrapupCodes
        }
    }

    /// Changes the object inside `value` in place (nothing when `value` is not an object).
    @inline(__always)
    private static func withObject(_ value: inout JSONValue, _ body: (inout JSONObject) -> Void) {
        guard case .object(var object) = value else { return }
        value = .null  // Leaves `object` the only reference, so changing it copies nothing.
        body(&object)
        value = .object(object)
    }

    /// Changes the array inside `value` in place (nothing when `value` is not an array).
    @inline(__always)
    private static func withArray(_ value: inout JSONValue, _ body: (inout [JSONValue]) -> Void) {
        guard case .array(var array) = value else { return }
        value = .null
        body(&array)
        value = .array(array)
    }

    @inline(__always)
    private static func isString(_ value: JSONValue) -> Bool {
        if case .string = value { return true }
        return false
    }

    /// The position of member `key`: the byte length first, then `==`, which is byte equality for
    /// the ASCII names used here (no other string of the same length is canonically equivalent).
    @inline(__always)
    private static func position(of key: String, in object: JSONObject) -> Int? {
        let count = key.utf8.count
        let members = object.members
        for position in members.indices where members[position].key.utf8.count == count && members[position].key == key {
            return position
        }
        return nil
    }

    private static func missing(_ field: String, in object: JSONObject) -> String {
        guard let value = object[field] else { return "the record has no \"\(field)\"" }
        return "the record's \"\(field)\" is \(value.kindDescription), not a string"
    }
}

/// The top-level record fields the transformer treats specially, recognised byte for byte.
private enum TopField {
    case id, type, state, startTime, removed, routing, wrapupCode, participants, transfers, externalId, other

    @inline(__always)
    init(_ key: String) {
        // Within one byte length, `==` is byte equality for these ASCII names: a canonically
        // equivalent spelling of any of them would be longer.
        func `is`(_ name: String) -> Bool { key == name }
        switch key.utf8.count {
        case 2: self = `is`("id") ? .id : .other
        case 4: self = `is`("type") ? .type : .other
        case 5: self = `is`("state") ? .state : `is`("media") ? .removed : .other
        case 7: self = `is`("routing") ? .routing : `is`("selfUri") || `is`("version") ? .removed : .other
        case 9: self = `is`("startTime") ? .startTime : `is`("transfers") ? .transfers : .other
        case 10: self = `is`("wrapupCode") ? .wrapupCode : `is`("externalId") ? .externalId : .other
        case 11: self = `is`("createdDate") || `is`("transcripts") ? .removed : .other
        case 12: self = `is`("participants") ? .participants : .other
        case 15: self = `is`("lastUpdatedDate") ? .removed : .other
        default: self = .other
        }
    }
}
