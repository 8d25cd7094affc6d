import Essentials

/// HTTP header fields in the order they came or were added; names compare case-insensitively.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// The fields, in order, with names as written.
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// The first value of `name`, or nil.
    public subscript(name: String) -> String? {
        HTTPHeaderName.value(of: name, in: fields)
    }

    /// Adds a field, keeping any earlier ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Sets `name` to the single value `value`, removing any others.
    public mutating func set(_ name: String, _ value: String) {
        fields.removeAll { HTTPHeaderName.matches($0.name, name) }
        fields.append((name, value))
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
