import Essentials

extension EmulatedOrg {
    /// Deletes the interactions the org holds with `externalId`, as if they had been lost, so
    /// that tests can prove a verification catches a missing record. Import jobs due by now are
    /// applied first. Returns how many were deleted. For tests.
    @discardableResult
    public func removeInteraction(externalId: String) -> Int {
        let now = clock()
        return state.withLock { state in
            advanceImports(&state, now: now)
            let before = state.interactions.count
            state.interactions.removeAll { $0["externalId"]?.stringValue == externalId }
            let removed = before - state.interactions.count
            if removed > 0 { state.externalIds.remove(externalId) }
            return removed
        }
    }
}
