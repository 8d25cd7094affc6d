import Essentials

extension EmulatedOrg {
    /// Every access token the org has issued and still remembers, expired or not, sorted. The
    /// token table forgets expired tokens only once it holds more than 1000, so below that this
    /// is every token issued so far. For tests that prove tokens never reach output or files.
    public func issuedTokens() -> [String] {
        state.withLock { state in state.tokens.keys.sorted() }
    }
}
