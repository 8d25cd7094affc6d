import Essentials

extension RunSummary {
    /// The summary as JSON, for `run --json`.
    public var jsonValue: JSONValue {
        func org(_ identity: OrgIdentity) -> JSONValue {
            .object(JSONObject([("id", .string(identity.id)), ("name", .string(identity.name)), ("apiBase", .string(identity.apiBase))]))
        }
        return .object(JSONObject([
            ("complete", .bool(isComplete)),
            ("source", org(source)),
            ("destination", org(destination)),
            ("export", export.jsonValue),
            ("transform", .object(JSONObject([
                ("windows", .int(Int64(transform.windows.count))),
                ("rejectedRecords", .int(Int64(transform.rejectedRecords))),
                ("blockedWindows", .array(transform.blockedWindows.map(JSONValue.string))),
            ]))),
            ("import", imports?.jsonValue ?? .null),
            ("heldBack", .array(heldBack.map(JSONValue.string))),
            ("seconds", .double(seconds)),
        ]))
    }
}
