import Essentials
import MigrationKit
import Synchronization

/// The options that name the source and destination orgs, shared by every command that talks to
/// them: a region by name or domain (`--source-region eu-west-1`, `--source-region
/// mypurecloud.ie`) or an explicit API base (`--source-api URL`, with `--source-login URL` when the
/// login host isn't derivable). Credentials come from `SOURCE_CLIENT_ID` / `SOURCE_CLIENT_SECRET`
/// and `DEST_CLIENT_ID` / `DEST_CLIENT_SECRET`, or from a profile of the Genesys Cloud CLI's
/// configuration (`--source-profile NAME`, `--gc-config FILE`), which also gives the region when
/// no region or API base is given.
enum OrgOptions {
    enum Side: String {
        case source
        case dest

        var role: OrgRole { self == .source ? .source : .destination }
        var label: String { self == .source ? "source" : "destination" }
    }

    /// Where gc keeps its profiles, as help shows it; `~` is the command's `HOME`.
    static let defaultConfigFile = "~/" + GCConfigFile.defaultRelativePath

    /// The options of `sides`, and `--gc-config` once for all of them.
    ///
    /// A command that lists the options of each side in a separate call (to adjust one side's
    /// help) passes `withConfigFile: false` to all calls but one, so that `--gc-config` is
    /// declared once.
    static func options(for sides: [Side], withConfigFile: Bool = true) -> [OptionSpec] {
        let perSide = sides.flatMap { side -> [OptionSpec] in
            let prefix = side.rawValue
            return [
                .option("\(prefix)-region", valueName: "NAME",
                        help: "Region of the \(side.label) org: a name (us-east-1, eu-west-1, ...) or its domain (mypurecloud.ie)."),
                .option("\(prefix)-api", valueName: "URL",
                        help: "API base URL of the \(side.label) org, instead of a region."),
                .option("\(prefix)-login", valueName: "URL",
                        help: "Login base URL of the \(side.label) org, when it isn't derivable from --\(prefix)-api."),
                .option("\(prefix)-profile", valueName: "NAME",
                        help: "Profile of the Genesys Cloud CLI (gc) with the \(side.label) org's OAuth client and environment, "
                            + "instead of \(side.role.clientIdVariable)/\(side.role.clientSecretVariable); "
                            + "--\(prefix)-region or --\(prefix)-api still win over its environment."),
            ]
        }
        guard withConfigFile, !sides.isEmpty else { return perSide }
        let readers = sides.map { "--\($0.rawValue)-profile" }.joined(separator: " and ")
        return perSide + [
            .option("gc-config", valueName: "FILE", help: "The Genesys Cloud CLI configuration file that \(readers) \(sides.count == 1 ? "reads" : "read").",
                    defaultValue: defaultConfigFile)
        ]
    }

    /// Where the org of `side` is, from the command line; without a region or API base, from
    /// `profile`'s environment when one is given.
    static func endpoint(_ side: Side, _ parsed: ParsedCommand, profile: GCProfile? = nil) throws -> OrgEndpoint {
        let region = parsed.value("\(side.rawValue)-region")
        let api = parsed.value("\(side.rawValue)-api")
        let login = parsed.value("\(side.rawValue)-login")
        switch (region, api) {
        case (let region?, nil):
            if login != nil {
                throw parsed.invalidValue("\(side.rawValue)-login", expected: "no login URL with --\(side.rawValue)-region (the region names both hosts)")
            }
            do {
                return try OrgEndpoint(region: region)
            } catch .unknownRegion(let name, let known) {
                throw OrgEndpointError.unknownRegionOption(name, option: side.role.regionOption, apiOption: side.role.apiOption, known: known)
            }
        case (nil, let api?):
            do {
                return try OrgEndpoint(apiBase: api, loginBase: login)
            } catch {
                throw naming(error, side: side)
            }
        case (.some, .some):
            throw parsed.invalidValue("\(side.rawValue)-api", expected: "either --\(side.rawValue)-region or --\(side.rawValue)-api, not both")
        case (nil, nil):
            if let profile {
                if login != nil {
                    throw parsed.invalidValue("\(side.rawValue)-login", expected: "--\(side.rawValue)-api with it (a login URL alone does not name the org)")
                }
                return try profile.endpoint()
            }
            // Reads: missing required option '--source-region', '--source-api' or '--source-profile' for 'mappings generate'.
            throw CommandLineError.missingRequiredOption(
                "--\(side.rawValue)-region', '--\(side.rawValue)-api' or '--\(side.rawValue)-profile", command: parsed.command)
        }
    }

    /// `error` with the base it refuses named by its option: `the --source-api URL 'http://...'`
    /// rather than `the API base 'http://...'`, so the admin sees which option to fix.
    private static func naming(_ error: OrgEndpointError, side: Side) -> OrgEndpointError {
        func option(_ role: String) -> String { "--\(side.rawValue)-\(role == "login base" ? "login" : "api") URL" }
        switch error {
        case .invalidURL(let url, let role, let reason): return .invalidURL(url, role: option(role), reason: reason)
        case .insecureURL(let url, let role): return .insecureURL(url, role: option(role))
        case .unknownRegion, .unknownRegionOption: return error
        }
    }

    /// A client for the org of `side`, with credentials from its profile (`--source-profile`)
    /// or else from the environment.
    static func client(_ side: Side, _ parsed: ParsedCommand, context: CommandContext) throws -> OrgClient {
        guard let profileName = parsed.value("\(side.rawValue)-profile") else {
            let endpoint = try endpoint(side, parsed)
            let credentials = try OrgCredentials.fromEnvironment(role: side.role, environment: context.environment)
            return OrgClient(label: side.label, endpoint: endpoint, credentials: credentials)
        }
        let file = try GCConfigFile.load(path: try configPath(parsed, context: context))
        warnIfReadableByOthers(file, context: context)
        let profile = try file.profile(named: profileName, role: side.role)
        let endpoint = try endpoint(side, parsed, profile: profile)
        return OrgClient(label: side.label, endpoint: endpoint, credentials: profile.credentials)
    }

    // MARK: - The configuration file

    /// `--gc-config`, with a leading `~/` read as the command's `HOME`.
    static func configPath(_ parsed: ParsedCommand, context: CommandContext) throws -> String {
        let given = parsed.value("gc-config") ?? defaultConfigFile
        guard given == "~" || given.hasPrefix("~/") else { return given }
        guard let home = context.environment["HOME"], !home.isEmpty else {
            throw parsed.invalidValue("gc-config", expected: "a path without '~' (HOME is not set), such as /home/me/.gc/config.toml")
        }
        if given == defaultConfigFile { return GCConfigFile.defaultPath(home: home) }
        let rest = given.dropFirst(given == "~" ? 1 : 2)
        return (home.hasSuffix("/") ? home : home + "/") + rest
    }

    /// The files already warned about in this process: both sides may read the same file.
    private static let warnedFiles = Mutex<Set<String>>([])

    /// Warns once per file, on standard error, when other users may read it.
    private static func warnIfReadableByOthers(_ file: GCConfigFile, context: CommandContext) {
        guard let warning = file.permissionWarning else { return }
        let isFirst = warnedFiles.withLock { $0.insert(file.path).inserted }
        if isFirst { context.printError("warning: \(warning)") }
    }
}
