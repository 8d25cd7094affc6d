import Foundation
import OrgEmulator
import Testing

extension EndToEnd {
    @Suite("interaction-migrate with Genesys Cloud CLI profiles")
    struct ProfileCommandTests {
        /// The default pair in-process, a gc configuration file in a fresh folder with a profile
        /// for each org, and this process's environment without any credential variable.
        final class Setup: @unchecked Sendable {
            let emulator: Emulator
            let folder: String
            let configPath: String
            let environment: [String: String]
            let sourceAPI: String
            let destinationAPI: String
            let sourceSecret: String
            let destinationSecret: String
            let sourceId: String
            let destinationId: String

            init() throws {
                var knobs = OrgKnobs()
                knobs.jobLatencyMilliseconds = 10
                emulator = try Emulator(orgs: EmulatorSetup(seed: 31, records: 10, knobs: knobs).defaultPair())
                let source = emulator.endpoint("source")!, destination = emulator.endpoint("destination")!
                sourceAPI = source.apiBase
                destinationAPI = destination.apiBase
                sourceSecret = source.clientSecret
                destinationSecret = destination.clientSecret
                sourceId = source.clientId
                destinationId = destination.clientId
                folder = try MappingsCommandTests.temporaryFolder()
                configPath = folder + "/config.toml"
                var environment = ProcessInfo.processInfo.environment
                for name in ["SOURCE_CLIENT_ID", "SOURCE_CLIENT_SECRET", "DEST_CLIENT_ID", "DEST_CLIENT_SECRET", "INTERACTION_MIGRATE_TEST_PAUSE"] {
                    environment.removeValue(forKey: name)
                }
                environment["HOME"] = folder
                self.environment = environment
            }

            /// The profiles `acme-prod` (source) and `acme-eu` (destination) as gc writes them,
            /// with `extra` lines appended.
            func profiles(_ extra: String = "") -> String {
                """
                [acme-prod]
                access_token = ''
                client_credentials = '\(sourceId)'
                client_secret = '\(sourceSecret)'
                environment = 'mypurecloud.com'
                grant_type = '1'
                logging_enabled = false
                secure_login_enabled = false

                [acme-eu]
                client_credentials = "\(destinationId)"
                client_secret = "\(destinationSecret)"
                environment = "eu-west-1"
                auto_pagination_enabled = true
                \(extra)
                """
            }

            /// Writes `text` as the configuration file with permission bits `mode`.
            func write(_ text: String, mode: Int = 0o600, to path: String? = nil) throws {
                let path = path ?? configPath
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            }

            /// `orgs check` with both profiles, pointed at the emulator, and `extra` options.
            func orgsCheck(source: String = "acme-prod", destination: String = "acme-eu", config: Bool = true,
                           _ extra: [String] = [], environment extraEnvironment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
                var arguments = ["orgs", "check", "--source-profile", source, "--dest-profile", destination,
                                 "--source-api", sourceAPI, "--dest-api", destinationAPI]
                if config { arguments += ["--gc-config", configPath] }
                return try ToolProcess.run(arguments + extra, environment: environment.merging(extraEnvironment) { $1 })
            }

            /// Neither org's secret appears in `texts`.
            func expectNoSecret(_ texts: String..., sourceLocation: SourceLocation = #_sourceLocation) {
                for text in texts {
                    #expect(!text.contains(sourceSecret) && !text.contains(destinationSecret), "a secret was printed", sourceLocation: sourceLocation)
                }
            }

            deinit {
                emulator.shutdown()
                try? FileManager.default.removeItem(atPath: folder)
            }
        }

        @Test("orgs check with --source-profile and --dest-profile and no credential variables names both orgs")
        func orgsCheckWithProfiles() throws {
            let setup = try Setup()
            try setup.write(setup.profiles())
            let run = try setup.orgsCheck()
            #expect(run.status == 0, "\(run.error)")
            #expect(run.output.contains("Acme Prod") && run.output.contains("Acme EU"))
            #expect(!run.error.contains("warning"), "\(run.error)")
            setup.expectNoSecret(run.output, run.error)
        }

        @Test("without --gc-config the file is ~/.gc/config.toml under the command's HOME")
        func defaultFileUnderHome() throws {
            let setup = try Setup()
            try setup.write(setup.profiles(), to: setup.folder + "/.gc/config.toml")
            let run = try setup.orgsCheck(config: false)
            #expect(run.status == 0, "\(run.error)")
            #expect(run.output.contains("Acme EU"))
        }

        @Test("the profile's credentials win over the variables; mappings generate works with profiles too")
        func profileWinsOverVariables() throws {
            let setup = try Setup()
            try setup.write(setup.profiles())
            let wrong = ["SOURCE_CLIENT_ID": "wrong-id", "SOURCE_CLIENT_SECRET": "wrong-secret", "DEST_CLIENT_ID": "wrong-id", "DEST_CLIENT_SECRET": "wrong-secret"]
            let run = try setup.orgsCheck(environment: wrong)
            #expect(run.status == 0, "\(run.error)")
            let generate = try ToolProcess.run(["mappings", "generate", "--name", "acme", "--workspace", setup.folder,
                                                "--source-profile", "acme-prod", "--dest-profile", "acme-eu", "--gc-config", setup.configPath,
                                                "--source-api", setup.sourceAPI, "--dest-api", setup.destinationAPI], environment: setup.environment)
            #expect(generate.status == 0 || generate.status == 3, "\(generate.error)")
            #expect(FileManager.default.fileExists(atPath: setup.folder + "/mappings/acme.json"))
            setup.expectNoSecret(generate.output, generate.error)
        }

        @Test("a file others may read works, with one warning for both sides")
        func readableByOthersWarnsOnce() throws {
            let setup = try Setup()
            try setup.write(setup.profiles(), mode: 0o644)
            let run = try setup.orgsCheck()
            #expect(run.status == 0, "\(run.error)")
            let warnings = run.error.components(separatedBy: "\n").filter { $0.hasPrefix("warning:") }
            #expect(warnings.count == 1, "\(run.error)")
            #expect(warnings.first?.contains(setup.configPath) == true && warnings.first?.contains("chmod 600") == true)
            setup.expectNoSecret(run.output, run.error)
        }

        @Test("a profile without client_secret fails naming the file, the profile and the key, and prints no secret")
        func missingKey() throws {
            let setup = try Setup()
            try setup.write(setup.profiles() + """

                [no-secret]
                client_credentials = "\(setup.destinationId)"
                environment = "mypurecloud.ie"
                """)
            let run = try setup.orgsCheck(destination: "no-secret")
            #expect(run.status == 78, "\(run.error)")
            for part in [setup.configPath, "'no-secret'", "client_secret"] {
                #expect(run.error.contains(part), "\(part) in \(run.error)")
            }
            setup.expectNoSecret(run.output, run.error)
        }

        @Test("a missing profile, a missing file, a broken secret line and a refused secret: each named, no secret printed")
        func otherFailures() throws {
            let setup = try Setup()
            try setup.write(setup.profiles())
            let missing = try setup.orgsCheck(destination: "acme-us")
            #expect(missing.status == 78)
            #expect(missing.error.contains("'acme-us'") && missing.error.contains("'acme-prod', 'acme-eu'"), "\(missing.error)")

            let noFile = try setup.orgsCheck(config: false, ["--gc-config", setup.folder + "/absent.toml"])
            #expect(noFile.status == 78)
            #expect(noFile.error.contains(setup.folder + "/absent.toml") && noFile.error.contains("gc profiles new"), "\(noFile.error)")

            try setup.write(setup.profiles().replacingOccurrences(of: "client_secret = \"\(setup.destinationSecret)\"",
                                                                   with: "client_secret = \"\(setup.destinationSecret)"))
            let broken = try setup.orgsCheck()
            #expect(broken.status == 78)
            #expect(broken.error.contains(setup.configPath + ": line 12, column "), "\(broken.error)")
            setup.expectNoSecret(broken.output, broken.error)

            try setup.write(setup.profiles().replacingOccurrences(of: "client_secret = '\(setup.sourceSecret)'",
                                                                   with: "client_secret = 'wrong-\(setup.sourceSecret)'"))
            let refused = try setup.orgsCheck()
            #expect(refused.status == 78)
            #expect(refused.error.contains("invalid_client") && refused.error.contains("profile 'acme-prod' in \(setup.configPath)"), "\(refused.error)")
            setup.expectNoSecret(refused.output, refused.error)
        }

        @Test("the region options take a domain; an unknown one is refused before any request, pointing at --X-api")
        func regionDomains() throws {
            let setup = try Setup()
            try setup.write(setup.profiles())
            let unknown = try ToolProcess.run(["orgs", "check", "--source-profile", "acme-prod", "--gc-config", setup.configPath,
                                               "--source-region", "mypurecloud.co.uk", "--dest-api", setup.destinationAPI,
                                               "--dest-profile", "acme-eu"], environment: setup.environment)
            #expect(unknown.status == 64)
            #expect(unknown.error.contains("--source-region 'mypurecloud.co.uk'") && unknown.error.contains("--source-api URL"), "\(unknown.error)")
            #expect(setup.emulator.orgs[0].requestTotal() == 0)
        }
    }
}
