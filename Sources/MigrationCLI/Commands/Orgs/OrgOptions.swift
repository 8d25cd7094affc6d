import Essentials
import MigrationKit

/// The options that name the source and destination orgs, shared by every command that talks to
/// them: a region (`--source-region eu-west-1`) or an explicit API base (`--source-api URL`, with
/// `--source-login URL` when the login host isn't derivable). Credentials come from
/// `SOURCE_CLIENT_ID` / `SOURCE_CLIENT_SECRET` and `DEST_CLIENT_ID` / `DEST_CLIENT_SECRET`.
enum OrgOptions {
    enum Side: String {
        case source
        case dest

        var role: OrgRole { self == .source ? .source : .destination }
        var label: String { self == .source ? "source" : "destination" }
    }

    static func options(for sides: [Side]) -> [OptionSpec] {
        sides.flatMap { side -> [OptionSpec] in
            [
                .option("\(side.rawValue)-region", valueName: "NAME", help: "Region of the \(side.label) org (us-east-1, eu-west-1, ...)."),
                .option("\(side.rawValue)-api", valueName: "URL", help: "API base URL of the \(side.label) org, instead of a region."),
                .option("\(side.rawValue)-login", valueName: "URL", help: "Login base URL of the \(side.label) org, when it isn't derivable from --\(side.rawValue)-api."),
            ]
        }
    }

    /// Where the org of `side` is, from the command line.
    static func endpoint(_ side: Side, _ parsed: ParsedCommand) throws -> OrgEndpoint {
        let region = parsed.value("\(side.rawValue)-region")
        let api = parsed.value("\(side.rawValue)-api")
        let login = parsed.value("\(side.rawValue)-login")
        switch (region, api) {
        case (let region?, nil):
            if login != nil {
                throw parsed.invalidValue("\(side.rawValue)-login", expected: "no login URL with --\(side.rawValue)-region (the region names both hosts)")
            }
            return try OrgEndpoint(region: region)
        case (nil, let api?):
            return try OrgEndpoint(apiBase: api, loginBase: login)
        case (.some, .some):
            throw parsed.invalidValue("\(side.rawValue)-api", expected: "either --\(side.rawValue)-region or --\(side.rawValue)-api, not both")
        case (nil, nil):
            // Reads: missing required option '--source-region' or '--source-api' for 'mappings generate'.
            throw CommandLineError.missingRequiredOption("--\(side.rawValue)-region' or '--\(side.rawValue)-api", command: parsed.command)
        }
    }

    /// A client for the org of `side`, with credentials from the environment.
    static func client(_ side: Side, _ parsed: ParsedCommand, context: CommandContext) throws -> OrgClient {
        let endpoint = try endpoint(side, parsed)
        let credentials = try OrgCredentials.fromEnvironment(role: side.role, environment: context.environment)
        return OrgClient(label: side.label, endpoint: endpoint, credentials: credentials)
    }
}
