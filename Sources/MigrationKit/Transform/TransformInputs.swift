import Essentials
import Foundation

/// The transform's inputs that come from files or the destination org, read and checked.
public enum TransformInputs {
    /// Why an input was refused.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// The schema-fields file is not a JSON array of strings.
        case badSchemaFields(path: String, reason: String)
        /// `--fallback-wrapup-code` names no destination wrap-up code the mapping file knows.
        case unknownFallback(name: String)
        /// The destination's schema list has no entry for the version asked for.
        case unknownSchemaVersion(version: String, available: [String])

        public var description: String {
            switch self {
            case .badSchemaFields(let path, let reason):
                return "destination schema fields \(path): \(reason); give a JSON array of top-level field names, e.g. [\"type\", \"state\", \"startTime\"]"
            case .unknownFallback(let name):
                return "no destination wrap-up code named '\(name)' appears in the mapping file; use the exact name of a destination code that some source code maps to, or map the codes in the file"
            case .unknownSchemaVersion(let version, let available):
                return "the destination org has no schema version \(version) (it has \(available.joined(separator: ", "))); choose one with --schema-version"
            }
        }
    }

    /// The field names of a JSON array file.
    public static func schemaFields(fromFile path: String) throws -> Set<String> {
        let bytes = try FileContents.read(path: path)
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw Problem.badSchemaFields(path: path, reason: "\(error)")
        }
        guard let list = value.arrayValue else { throw Problem.badSchemaFields(path: path, reason: "it is \(value.kindDescription), not an array") }
        var fields = Set<String>()
        for (i, item) in list.enumerated() {
            guard let name = item.stringValue, !name.isEmpty else {
                throw Problem.badSchemaFields(path: path, reason: "element \(i) is not a field name")
            }
            fields.insert(name)
        }
        return fields
    }

    /// The top-level fields of `version` in a `GET /api/v2/interaction/export/schemas` answer (§6).
    public static func schemaFields(fromSchemas value: JSONValue, version: String) throws -> Set<String> {
        let entities = value["entities"]?.arrayValue ?? []
        guard let entry = entities.first(where: { $0["version"]?.stringValue == version }) else {
            throw Problem.unknownSchemaVersion(version: version, available: entities.compactMap { $0["version"]?.stringValue })
        }
        return Set((entry["fields"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// The destination wrap-up code called `name` among the mapping file's destinations (exact
    /// name first, then the normalised one).
    public static func fallbackWrapupCode(named name: String, in mapping: MappingFile) throws -> (id: String, name: String) {
        let mapped = mapping.wrapupCodes.compactMap { entry -> (String, String)? in
            guard entry.match.hasDestination, let id = entry.destinationId, let destinationName = entry.destinationName else { return nil }
            return (id, destinationName)
        }
        if let exact = mapped.first(where: { $0.1 == name }) { return exact }
        let normalised = NameNormalizer.normalize(name)
        if let close = mapped.first(where: { NameNormalizer.normalize($0.1) == normalised }) { return close }
        throw Problem.unknownFallback(name: name)
    }
}
