import Essentials
import Foundation
import MigrationKit
import Testing

@Suite("Genesys Cloud CLI profiles (~/.gc/config.toml)")
struct GCProfileTests {
    static let secret = "gcS3cret-Value-9f8e7d"

    static let file = """
        # written by gc
        [default]
        client_credentials = "3f1c-default"
        client_secret = "\(secret)"
        environment = "mypurecloud.com"
        logging_enabled = false
        auto_pagination_enabled = true

        [acme-eu]
        environment = 'eu-west-1'
        client_credentials = '  eu-client  '
        client_secret = '\(secret)'
        grant_type = '1'

        [ACME-Upper]
        client_credentials = "upper"
        client_secret = "\(secret)"
        environment = "api.mypurecloud.de"

        [no-environment]
        client_credentials = "id"
        client_secret = "\(secret)"

        [access-token-only]
        environment = "mypurecloud.com"
        access_token = "\(secret)"

        [no-secret]
        client_credentials = "id"
        environment = "mypurecloud.com"

        [empty-id]
        client_credentials = ""
        client_secret = "\(secret)"

        [blank-secret]
        client_credentials = "id"
        client_secret = "   "

        [secret-not-string]
        client_credentials = "id"
        client_secret = true

        [empty-environment]
        client_credentials = "id"
        client_secret = "\(secret)"
        environment = ""

        [odd-environment]
        client_credentials = "id"
        client_secret = "\(secret)"
        environment = "localhost"
        """

    static let path = "/home/admin/.gc/config.toml"

    static func config(_ text: String = file, mode: UInt32? = 0o600) throws -> GCConfigFile {
        try GCConfigFile(path: path, bytes: Array(text.utf8), mode: mode)
    }

    /// A fresh folder under the temporary directory, removed by the caller.
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gcprofile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The error `body` throws, which must be a ``CredentialsError``.
    static func failure(_ body: () throws -> Void) -> CredentialsError? {
        do {
            try body()
            Issue.record("no error")
            return nil
        } catch let error as CredentialsError {
            #expect(!error.description.contains(secret), "\(error.description)")
            #expect(!String(reflecting: error).contains(secret))
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    // MARK: - Reading profiles

    @Test("a profile gives the client id, the secret and the region; the other keys gc writes are ignored")
    func readsProfile() throws {
        let config = try Self.config()
        #expect(config.profileNames.first == "default")
        let profile = try config.profile(named: "default", role: .source)
        #expect(profile.credentials.clientId == "3f1c-default")
        #expect(profile.credentials.clientSecret.exposedValue == Self.secret)
        #expect(profile.environment == "mypurecloud.com")
        let endpoint = try profile.endpoint()
        #expect(endpoint.apiBase == "https://api.mypurecloud.com")
        #expect(endpoint.loginBase == "https://login.mypurecloud.com")
        #expect(profile.credentials.origin == "client_credentials/client_secret of profile 'default' in \(Self.path)")
    }

    @Test("a region name, a domain with api., literal strings, and values trimmed")
    func regionNameAndDomain() throws {
        let config = try Self.config()
        let eu = try config.profile(named: "acme-eu", role: .destination)
        #expect(eu.credentials.clientId == "eu-client")
        #expect(try eu.endpoint().apiBase == "https://api.mypurecloud.ie")
        let upper = try config.profile(named: "ACME-Upper", role: .source)
        #expect(try upper.endpoint().loginBase == "https://login.mypurecloud.de")
    }

    @Test("profile names match exactly, else ignoring case (gc lower-cases them), as the file spells them")
    func profileNameCase() throws {
        let config = try Self.config()
        let folded = try config.profile(named: "acme-upper", role: .source)
        #expect(folded.name == "ACME-Upper")
        #expect(folded.credentials.clientId == "upper")
        let both = try Self.config("[Acme]\nclient_credentials = \"a\"\nclient_secret = \"s\"\n[acme]\nclient_credentials = \"b\"\nclient_secret = \"s\"\n")
        #expect(try both.profile(named: "acme", role: .source).credentials.clientId == "b")
        #expect(try both.profile(named: "Acme", role: .source).credentials.clientId == "a")
        // Two names that differ only in case, neither exact: not guessed.
        guard case .profileNotFound = Self.failure({ _ = try both.profile(named: "ACME", role: .source) }) else {
            Issue.record("an ambiguous name was accepted")
            return
        }
    }

    @Test("printing a file or a profile never shows the secret")
    func printsNoSecret() throws {
        let config = try Self.config()
        let profile = try config.profile(named: "default", role: .source)
        var dumped = ""
        dump(config, to: &dumped)
        dump(profile, to: &dumped)
        for text in ["\(config)", String(reflecting: config), "\(profile)", String(reflecting: profile), dumped] {
            #expect(!text.contains(Self.secret), "leaked in \(text)")
        }
        #expect("\(profile)".contains("default") && "\(profile)".contains("<redacted>"))
    }

    // MARK: - Errors naming the file, the profile and the key

    @Test("a missing file names the path and says how to create it")
    func missingFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/.gc/config.toml"
        let error = Self.failure { _ = try GCConfigFile.load(path: path) }
        #expect(error == .configFileMissing(path: path))
        let text = error?.description ?? ""
        #expect(text.contains(path) && text.contains("gc profiles new") && text.contains("--gc-config"))
    }

    @Test("a folder in place of the file cannot be read, and says so with the path")
    func folderInstead() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .configFileUnreadable(let path, _)? = Self.failure({ _ = try GCConfigFile.load(path: folder) }) else {
            Issue.record("a folder was read")
            return
        }
        #expect(path == folder)
    }

    @Test("a missing profile lists the profiles the file has")
    func missingProfile() throws {
        let config = try Self.config("[default]\n[acme-eu]\n")
        let error = Self.failure { _ = try config.profile(named: "acme-us", role: .destination) }
        #expect(error == .profileNotFound(path: Self.path, profile: "acme-us", known: ["default", "acme-eu"], role: .destination))
        let text = error?.description ?? ""
        for part in [Self.path, "'acme-us'", "'default'", "'acme-eu'", "--dest-profile", "gc profiles new"] {
            #expect(text.contains(part), "\(part) in \(text)")
        }
        let empty = try Self.config("# nothing yet\n")
        #expect(Self.failure { _ = try empty.profile(named: "default", role: .source) }?.description.contains("it has no profiles") == true)
    }

    /// Profiles of ``file`` that lack a key or have it empty, and the error each gives.
    static let keyProblems: [(String, CredentialsError)] = [
        ("access-token-only", .profileKeyMissing(path: path, profile: "access-token-only", key: "client_credentials", role: .source)),
        ("no-secret", .profileKeyMissing(path: path, profile: "no-secret", key: "client_secret", role: .source)),
        ("empty-id", .profileKeyEmpty(path: path, profile: "empty-id", key: "client_credentials", role: .source)),
        ("blank-secret", .profileKeyEmpty(path: path, profile: "blank-secret", key: "client_secret", role: .source)),
        ("secret-not-string", .profileKeyNotString(path: path, profile: "secret-not-string", key: "client_secret", line: 42,
                                                   found: "a boolean", role: .source)),
    ]

    @Test("a profile without the client id or secret, or with one empty, names the file, the profile and the key", arguments: keyProblems)
    func missingKey(profile: String, expected: CredentialsError) throws {
        let config = try Self.config()
        let error = Self.failure { _ = try config.profile(named: profile, role: .source) }
        #expect(error == expected)
        let text = error?.description ?? ""
        let key = text.contains("client_secret") ? "client_secret" : "client_credentials"
        for part in [Self.path, "profile '\(profile)'", key, "[\(profile)]"] {
            #expect(text.contains(part), "\(part) in \(text)")
        }
    }

    @Test("environment is needed only for the endpoint: missing, empty or unknown, it names the file, the profile and the fix")
    func environmentProblems() throws {
        let config = try Self.config()
        let none = try config.profile(named: "no-environment", role: .source)
        #expect(none.credentials.clientId == "id")
        let missing = Self.failure { _ = try none.endpoint() }
        #expect(missing == .profileKeyMissing(path: Self.path, profile: "no-environment", key: "environment", role: .source))
        #expect(missing?.description.contains("--source-region NAME or --source-api URL") == true)
        let empty = Self.failure { _ = try config.profile(named: "empty-environment", role: .destination).endpoint() }
        #expect(empty == .profileKeyEmpty(path: Self.path, profile: "empty-environment", key: "environment", role: .destination))
        let odd = Self.failure { _ = try config.profile(named: "odd-environment", role: .destination).endpoint() }
        #expect(odd == .unknownEnvironment(path: Self.path, profile: "odd-environment", value: "localhost", role: .destination))
        let text = odd?.description ?? ""
        for part in [Self.path, "'odd-environment'", "'localhost'", "eu-west-1", "eusc-de-east-1", "--dest-api URL"] {
            #expect(text.contains(part), "\(part) in \(text)")
        }
    }

    @Test("a file that is not of the TOML subset names the file and the line, never the secret on it")
    func parseErrorOnSecretLine() throws {
        let lines = [
            "client_secret = \"\(Self.secret)", "client_secret = \(Self.secret)", "client_secret = [\"\(Self.secret)\"]",
            "client_secret = '\(Self.secret)' trailing", "\(Self.secret)", "client_secret = \"\(Self.secret)\\x\"",
        ]
        for line in lines {
            let text = "[default]\nclient_credentials = \"id\"\n\(line)\nenvironment = \"mypurecloud.com\"\n"
            let error = Self.failure { _ = try Self.config(text) }
            guard case .configFileInvalid(let path, let problem)? = error else {
                Issue.record("not a parse error: \(String(describing: error))")
                continue
            }
            #expect(path == Self.path)
            #expect(problem.line == 3)
            #expect(error?.description.hasPrefix("\(Self.path): line 3, column ") == true)
        }
    }

    // MARK: - Permissions

    @Test("a file others may read is flagged with a warning naming it and the fix; gc's 0600 is not")
    func permissions() throws {
        for (mode, flagged) in [(0o600, false), (0o400, false), (0o640, true), (0o604, true), (0o644, true)] as [(UInt32, Bool)] {
            let config = try Self.config(mode: mode)
            #expect(config.isReadableByOthers == flagged, "mode \(String(mode, radix: 8))")
            #expect((config.permissionWarning != nil) == flagged)
        }
        let warning = try Self.config(mode: 0o644).permissionWarning ?? ""
        #expect(warning.contains(Self.path) && warning.contains("0644") && warning.contains("chmod 600"))
        #expect(!warning.contains(Self.secret))
    }

    @Test("load reads the file's permission bits from disk")
    func loadReadsMode() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/config.toml"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(Self.file.utf8), attributes: [.posixPermissions: 0o600]))
        let private_ = try GCConfigFile.load(path: path)
        #expect(private_.mode == 0o600 && !private_.isReadableByOthers)
        #expect(try private_.profile(named: "acme-eu", role: .source).credentials.clientId == "eu-client")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try GCConfigFile.load(path: path).isReadableByOthers)
    }

    @Test("the default path is .gc/config.toml under the home folder")
    func defaultPath() {
        #expect(GCConfigFile.defaultPath(home: "/home/admin") == "/home/admin/.gc/config.toml")
        #expect(GCConfigFile.defaultPath(home: "/home/admin/") == "/home/admin/.gc/config.toml")
        #expect(GCConfigFile.defaultPath(home: "/") == "/.gc/config.toml")
    }
}
