import Essentials
import MigrationKit

/// `orgs check`: reads both orgs' identity and refuses when they are the same org.
enum OrgsCheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        summary: "Show the source and destination orgs' names and ids; refuse if they are the same org.",
        discussion: "Credentials come from SOURCE_CLIENT_ID, SOURCE_CLIENT_SECRET, DEST_CLIENT_ID and DEST_CLIENT_SECRET.",
        options: OrgOptions.options(for: [.source, .dest]))

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let (source, destination) = try await identities(parsed, context: context)
        context.print("source:      \(source.name) (\(source.id)) at \(source.apiBase)")
        context.print("destination: \(destination.name) (\(destination.id)) at \(destination.apiBase)")
        return .success
    }

    /// Both orgs' clients and identities, checked to be two different orgs.
    static func identities(_ parsed: ParsedCommand, context: CommandContext) async throws -> (OrgIdentity, OrgIdentity) {
        let (_, _, source, destination) = try await clients(parsed, context: context)
        return (source, destination)
    }

    /// Both orgs' clients and identities, checked to be two different orgs.
    static func clients(_ parsed: ParsedCommand, context: CommandContext) async throws -> (OrgClient, OrgClient, OrgIdentity, OrgIdentity) {
        let sourceClient = try OrgOptions.client(.source, parsed, context: context)
        let destinationClient = try OrgOptions.client(.dest, parsed, context: context)
        async let source = sourceClient.organization()
        async let destination = destinationClient.organization()
        let (s, d) = try await (source, destination)
        try OrgPair.check(source: s, destination: d)
        return (sourceClient, destinationClient, s, d)
    }
}
