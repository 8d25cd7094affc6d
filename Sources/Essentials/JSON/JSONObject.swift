#if canImport(Glibc)
import Glibc
#endif

/// A JSON object: members with unique keys, in insertion order.
///
/// Lookups are linear, which is the fastest choice for the small objects that interaction records
/// are made of. Equality ignores member order, as JSON's does.
public struct JSONObject: Sendable, Equatable, RandomAccessCollection {
    /// One key and its value.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
        @inlinable public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in order. Keys are unique.
    @inlinable public var members: [Member] { storage }

    @usableFromInline var storage: [Member]

    /// An empty object.
    @inlinable public init() { storage = [] }

    /// An object from members whose keys are already known to be unique (the parser's path).
    @usableFromInline init(uniqueMembers: [Member]) { storage = uniqueMembers }

    /// An object from key-value pairs; a repeated key keeps its last value, at its first position.
    public init(_ pairs: [(String, JSONValue)]) {
        storage = []
        storage.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    @inlinable public var startIndex: Int { members.startIndex }
    @inlinable public var endIndex: Int { members.endIndex }
    @inlinable public subscript(position: Int) -> Member { members[position] }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The position of the member named `key`.
    @inlinable public func index(forKey key: String) -> Int? {
        members.firstIndex { JSONObject.sameKey($0.key, key) }
    }

    /// The value of `key`; setting `nil` removes the member, setting a new key appends it.
    @inlinable public subscript(key: String) -> JSONValue? {
        get {
            for member in members where JSONObject.sameKey(member.key, key) { return member.value }
            return nil
        }
        set {
            if let i = index(forKey: key) {
                if let newValue { storage[i].value = newValue } else { storage.remove(at: i) }
            } else if let newValue {
                storage.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Removes the member named `key` and returns its value.
    @discardableResult
    @inlinable public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = index(forKey: key) else { return nil }
        return storage.remove(at: i).value
    }

    /// Removes every member whose key `shouldRemove` accepts.
    @inlinable public mutating func removeAll(where shouldRemove: (Member) throws -> Bool) rethrows {
        try storage.removeAll(where: shouldRemove)
    }

    /// Replaces the member at `position`, key and value, keeping its place. `key` must not be the
    /// key of another member.
    @inlinable public mutating func replaceMember(at position: Int, uniqueKey key: String, value: JSONValue) {
        assert(index(forKey: key).map { $0 == position } ?? true, "replaceMember(at:uniqueKey:) with a key already present")
        storage[position] = Member(key: key, value: value)
    }

    /// Removes the member at `position`.
    @inlinable public mutating func removeMember(at position: Int) {
        storage.remove(at: position)
    }

    /// Changes the value of the member at `position` in place.
    @inlinable public mutating func updateValue(at position: Int, _ body: (inout JSONValue) throws -> Void) rethrows {
        try body(&storage[position].value)
    }

    /// Whether two keys are the same bytes. Swift's `==` on strings treats canonically equivalent
    /// text (NFC "é" and NFD "e\u{301}") as equal; JSON keys are compared as written.
    @inlinable public static func sameKey(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        if let same = x.withContiguousStorageIfAvailable({ p in
            y.withContiguousStorageIfAvailable { q in p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0 }
        }), let same {
            return same
        }
        return x.elementsEqual(y)
    }

    /// Appends a member whose key the caller knows is not in the object yet (no search).
    @inlinable public mutating func append(uniqueKey key: String, value: JSONValue) {
        assert(index(forKey: key) == nil, "append(uniqueKey:) with a key already present")
        storage.append(Member(key: key, value: value))
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }
}
