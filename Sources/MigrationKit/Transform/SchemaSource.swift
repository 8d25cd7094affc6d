import Essentials

/// Where the transform learns the destination's top-level fields (records are cut down to them).
public enum SchemaSource: Sendable {
    /// A JSON array of field names in a file (`--dest-schema-fields`).
    case fieldsFile(String)
    /// The destination's schema `version`: as the state file keeps it, or else fetched once with
    /// `client` and kept. With no client and nothing kept, the transform refuses to start.
    case destination(version: String, client: OrgClient?)

    /// The fields, and the schema when it was just fetched (to be kept in the state file).
    func resolve(known: DestinationSchema?) async throws -> (fields: Set<String>, fetched: DestinationSchema?) {
        switch self {
        case .fieldsFile(let path):
            return (try TransformInputs.schemaFields(fromFile: path), nil)
        case .destination(let version, let client):
            if let known, known.version == version { return (known.fields, nil) }
            guard let client else { throw TransformPhaseError.noSchema }
            guard let schemas = try await client.interactionSchemas() else { throw TransformPhaseError.noSchemaList(org: client.label) }
            let fields = try TransformInputs.schemaFields(fromSchemas: schemas, version: version)
            return (fields, DestinationSchema(version: version, fields: fields))
        }
    }
}
