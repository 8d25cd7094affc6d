// Edits that turn one company's design into a variant of it: how ``DefaultOrgPair`` derives the
// destination org from the source, and how a test can stage a difference of its own. Each edit
// reports whether it found what it was asked to change, so a typo cannot pass silently.
extension CompanyDescription {
    /// Renames the first queue named exactly `name`; `false` when there is none.
    @discardableResult
    public mutating func renameQueue(named name: String, to newName: String) -> Bool {
        for d in divisions.indices {
            if let q = divisions[d].queueNames.firstIndex(of: name) {
                divisions[d].queueNames[q] = newName
                return true
            }
        }
        return false
    }

    /// Removes the first queue named exactly `name` and returns its division's name; `nil` when
    /// there is none.
    @discardableResult
    public mutating func removeQueue(named name: String) -> String? {
        for d in divisions.indices {
            if let q = divisions[d].queueNames.firstIndex(of: name) {
                divisions[d].queueNames.remove(at: q)
                return divisions[d].name
            }
        }
        return nil
    }

    /// Adds a queue at the end of the division named `divisionName`, which is created (last) when
    /// the company has none of that name.
    public mutating func addQueue(named name: String, toDivision divisionName: String) {
        if let d = divisions.firstIndex(where: { $0.name == divisionName }) {
            divisions[d].queueNames.append(name)
        } else {
            divisions.append(Division(name: divisionName, queueNames: [name]))
        }
    }

    /// The name of the division holding the first queue named exactly `name`.
    public func divisionName(ofQueue name: String) -> String? {
        divisions.first { $0.queueNames.contains(name) }?.name
    }

    /// Renames the flow of that name and type (compared case-insensitively); `false` when there
    /// is none.
    @discardableResult
    public mutating func renameFlow(named name: String, type: String, to newName: String) -> Bool {
        guard let f = flowIndex(named: name, type: type) else { return false }
        flows[f].name = newName
        return true
    }

    /// Removes the flow of that name and type (compared case-insensitively); `false` when there
    /// is none.
    @discardableResult
    public mutating func removeFlow(named name: String, type: String) -> Bool {
        guard let f = flowIndex(named: name, type: type) else { return false }
        flows.remove(at: f)
        return true
    }

    /// Serves every flow type upper-case (`INBOUNDCALL`), as some real orgs do (§5).
    public mutating func upperCaseFlowTypes() {
        for f in flows.indices { flows[f].type = flows[f].type.uppercased() }
    }

    /// Renames the wrap-up code named exactly `name`; `false` when there is none.
    @discardableResult
    public mutating func renameWrapupCode(named name: String, to newName: String) -> Bool {
        guard let c = wrapupCodeNames.firstIndex(of: name) else { return false }
        wrapupCodeNames[c] = newName
        return true
    }

    /// Removes the wrap-up code named exactly `name`; `false` when there is none.
    @discardableResult
    public mutating func removeWrapupCode(named name: String) -> Bool {
        guard let c = wrapupCodeNames.firstIndex(of: name) else { return false }
        wrapupCodeNames.remove(at: c)
        return true
    }

    private func flowIndex(named name: String, type: String) -> Int? {
        let type = type.lowercased()
        return flows.firstIndex { $0.name == name && $0.type.lowercased() == type }
    }
}
