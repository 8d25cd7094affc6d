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
