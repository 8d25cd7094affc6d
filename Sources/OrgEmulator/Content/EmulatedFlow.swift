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
