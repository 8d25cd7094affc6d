import Essentials
import MigrationKit

/// `orgs check`: reads both orgs' identity and refuses when they are the same org.
enum OrgsCheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        summary: "Show the source and destination orgs' names and ids; refuse if they are the same org.",
        discussion: """
            Credentials come from SOURCE_CLIENT_ID, SOURCE_CLIENT_SECRET, DEST_CLIENT_ID and \
            DEST_CLIENT_SECRET, or from --source-profile and --dest-profile. Exit 0 when both orgs \
            answered and are two different orgs; 78 when they are the same org or the credentials \
            are missing or refused; 69 when an org did not answer.

            Example:

              interaction-migrate orgs check --source-region us-east-1 --dest-region eu-west-1
              interaction-migrate orgs check --source-profile acme-us --dest-profile acme-eu
            """,
        options: OrgOptions.options(for: [.source, .dest]))

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let pair = try await OrgPair.connect(source: try OrgOptions.client(.source, parsed, context: context),
                                             destination: try OrgOptions.client(.dest, parsed, context: context))
        context.print("source:      \(pair.sourceIdentity.name) (\(pair.sourceIdentity.id)) at \(pair.sourceIdentity.apiBase)")
        context.print("destination: \(pair.destinationIdentity.name) (\(pair.destinationIdentity.id)) at \(pair.destinationIdentity.apiBase)")
        return .success
    }
}
