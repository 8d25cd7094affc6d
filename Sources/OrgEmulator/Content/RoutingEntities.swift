/// A queue of an emulated org (§5: `id`, `name`, `division.name`).
public struct EmulatedQueue: Sendable, Equatable {
    public var id: String
    public var name: String
    public var divisionId: String
    public var divisionName: String

    public init(id: String, name: String, divisionId: String, divisionName: String) {
        self.id = id
        self.name = name
        self.divisionId = divisionId
        self.divisionName = divisionName
    }
}

/// A flow of an emulated org (§5: `id`, `name`, `type`). `type` is as the org serves it, which may
/// be upper-case (`INBOUNDCALL`).
public struct EmulatedFlow: Sendable, Equatable {
    public var id: String
    public var name: String
    public var type: String

    public init(id: String, name: String, type: String) {
        self.id = id
        self.name = name
        self.type = type
    }
}

/// A wrap-up code of an emulated org (§5: `id`, `name`).
public struct EmulatedWrapupCode: Sendable, Equatable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
