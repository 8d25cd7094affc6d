import Essentials

/// Reads typed values out of the state file's JSON, naming where a value was wrong.
struct StateDecoder {
    /// Why a value could not be read: where it is (`transform.windows.2024-01-15.counts.in`) and why.
    struct Failure: Error, CustomStringConvertible {
        var location: String
        var reason: String
        var description: String { "\(location): \(reason)" }
    }

    let object: JSONObject
    let location: String

    init(_ value: JSONValue, at location: String) throws(Failure) {
        guard let object = value.objectValue else { throw Failure(location: location, reason: "expected an object, found \(value.kindDescription)") }
        self.object = object
        self.location = location
    }

    func fail(_ key: String, _ reason: String) -> Failure {
        Failure(location: "\(location).\(key)", reason: reason)
    }

    func value(_ key: String) throws(Failure) -> JSONValue {
        guard let value = object[key] else { throw fail(key, "missing") }
        return value
    }

    func string(_ key: String) throws(Failure) -> String {
        let value = try value(key)
        guard let text = value.stringValue else { throw fail(key, "expected a string, found \(value.kindDescription)") }
        return text
    }

    /// The string at `key` as one of `T`'s cases, naming them all when it is none of them.
    func oneOf<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type = T.self) throws(Failure) -> T where T.RawValue == String {
        let name = try string(key)
        guard let value = T(rawValue: name) else {
            throw fail(key, "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(name)\"")
        }
        return value
    }

    func optionalString(_ key: String) throws(Failure) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw fail(key, "expected a string or null, found \(value.kindDescription)") }
        return text
    }

    func int(_ key: String) throws(Failure) -> Int {
        let value = try value(key)
        guard let number = value.intValue, number >= 0, number <= Int64(Int32.max) * 1024 else {
            throw fail(key, "expected a whole number of zero or more, found \(value.kindDescription)")
        }
        return Int(number)
    }

    func strings(_ key: String) throws(Failure) -> [String] {
        let value = try value(key)
        guard let list = value.arrayValue else { throw fail(key, "expected an array of strings, found \(value.kindDescription)") }
        var out: [String] = []
        for (i, item) in list.enumerated() {
            guard let text = item.stringValue else { throw fail("\(key)[\(i)]", "expected a string, found \(item.kindDescription)") }
            out.append(text)
        }
        return out
    }

    func optionalStrings(_ key: String) throws(Failure) -> [String]? {
        guard let value = object[key], !value.isNull else { return nil }
        return try strings(key)
    }

    func nested(_ key: String) throws(Failure) -> StateDecoder {
        try StateDecoder(try value(key), at: "\(location).\(key)")
    }

    /// The members of the object at `key` (none when it is absent), each decoded by `body`.
    func map<T>(_ key: String, _ body: (String, StateDecoder) throws(Failure) -> T) throws(Failure) -> [String: T] {
        guard let value = object[key] else { return [:] }
        let decoder = try StateDecoder(value, at: "\(location).\(key)")
        var out: [String: T] = [:]
        for member in decoder.object {
            out[member.key] = try body(member.key, try StateDecoder(member.value, at: "\(decoder.location).\(member.key)"))
        }
        return out
    }

    /// The members of the object at `key` as counts.
    func counts(_ key: String) throws(Failure) -> [String: Int] {
        guard let value = object[key] else { return [:] }
        let decoder = try StateDecoder(value, at: "\(location).\(key)")
        var out: [String: Int] = [:]
        for member in decoder.object { out[member.key] = try decoder.int(member.key) }
        return out
    }
}

extension JSONObject {
    /// An object of `counts`, keys sorted (the state file's form of a count per name).
    static func counts(_ counts: [String: Int]) -> JSONObject {
        JSONObject(counts.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })
    }
}
