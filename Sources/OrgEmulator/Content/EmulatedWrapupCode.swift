/// A wrap-up code of an emulated org (§5: `id`, `name`).
public struct EmulatedWrapupCode: Sendable, Equatable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
