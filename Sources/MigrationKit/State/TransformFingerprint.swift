import Essentials

/// Everything a window's transformed output depends on. A window whose fingerprint is unchanged
/// since its last transform (and whose output is still the file then written) is not done again.
public struct TransformFingerprint: Sendable, Equatable {
    /// SHA-256 of the exported window file.
    public var inputSHA256: String
    /// SHA-256 of the mapping file.
    public var mappingSHA256: String
    /// `--on-unmapped`.
    public var policy: UnmappedPolicy
    /// The destination id of `--fallback-wrapup-code`, if one was given.
    public var fallbackWrapupCodeId: String?
    /// The destination's top-level fields that records were cut down to, sorted; nil when
    /// records were not cut down.
    public var destinationFields: [String]?

    public init(inputSHA256: String, mappingSHA256: String, policy: UnmappedPolicy, fallbackWrapupCodeId: String?,
                destinationFields: Set<String>?) {
        self.inputSHA256 = inputSHA256
        self.mappingSHA256 = mappingSHA256
        self.policy = policy
        self.fallbackWrapupCodeId = fallbackWrapupCodeId
        self.destinationFields = destinationFields?.sorted()
    }

    init(_ decoder: StateDecoder) throws(StateDecoder.Failure) {
        inputSHA256 = try decoder.string("inputSHA256")
        mappingSHA256 = try decoder.string("mappingSHA256")
        policy = try decoder.oneOf("policy")
        fallbackWrapupCodeId = try decoder.optionalString("fallbackWrapupCodeId")
        destinationFields = try decoder.optionalStrings("destinationFields")
    }

    var jsonValue: JSONValue {
        .object(JSONObject([
            ("inputSHA256", .string(inputSHA256)), ("mappingSHA256", .string(mappingSHA256)), ("policy", .string(policy.rawValue)),
            ("fallbackWrapupCodeId", fallbackWrapupCodeId.map(JSONValue.string) ?? .null),
            ("destinationFields", destinationFields.map { .array($0.map(JSONValue.string)) } ?? .null),
        ]))
    }
}
