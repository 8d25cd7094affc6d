import MigrationKit

/// The question asked before the first write to a destination that is not on this machine: the
/// admin types the destination org's name, so that a production org is never written to by a
/// mistyped region or a wrong profile.
///
/// Rules: a loopback destination (the emulator) is not asked about; `--yes` answers for the admin
/// (an overnight job); otherwise standard input must be a terminal and the name typed must be the
/// org's name exactly (surrounding spaces aside). With no terminal and no `--yes` the command
/// refuses before writing anything.
enum DestinationConfirmation {
    /// Set to 1 in tests to ask about a loopback destination too (the emulator stands in for a
    /// remote org).
    static let testVariable = "INTERACTION_MIGRATE_TEST_CONFIRM_LOOPBACK"

    /// Asks, when the rules say to, and returns when the admin confirmed.
    ///
    /// - Throws: ``ConfirmationRefusal`` when the command must not write.
    static func confirm(_ destination: OrgIdentity, endpoint: OrgEndpoint, yes: Bool, command: String,
                        context: CommandContext) throws(ConfirmationRefusal) {
        let asked = !endpoint.origin.isLoopback || context.environment[testVariable] == "1"
        guard asked else { return }
        let described = "\(destination.name) (id \(destination.id), \(region(of: endpoint)))"
        if yes {
            context.printError("destination \(described): confirmed by --yes")
            return
        }
        guard context.input.isTerminal else { throw .noTerminal(org: described, command: command) }
        context.printError("\(command) will write to the destination org \(described).")
        context.output.standardError("Type the destination org's name to go on (anything else stops): ")
        guard let answer = context.input.readLine() else { throw .notConfirmed(org: described) }
        guard answer.trimmingCharacters(in: .whitespaces) == destination.name else { throw .notConfirmed(org: described) }
    }

    /// The region of `endpoint` as admins name it (`eu-west-1`), or its API host.
    static func region(of endpoint: OrgEndpoint) -> String {
        if let region = Region.all.first(where: { $0.apiBase == endpoint.apiBase }) { return "region \(region.name)" }
        return "API \(endpoint.apiBase)"
    }
}
