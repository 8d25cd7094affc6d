import Essentials

extension EmulatedOrg {
    /// The analytics form (§9) of a stored record.
    func conversation(for record: JSONValue) -> JSONValue {
        // Wired to the content's converter once it lands.
        record
    }
}
