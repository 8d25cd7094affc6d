import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

extension EndToEnd {
    /// The binary against an org whose answers are hostile (issue 13): HTML where JSON belongs,
    /// empty bodies, wrong content types, enormous headers, gateway errors that never stop, and
    /// silence. Each must end with a clear error naming the org and the request, the documented
    /// exit status, no crash, no secret, and nothing half-written.
    @Suite("hostile answers from an org")
    struct HostileAnswerTests {
        static let me = "/api/v2/organizations/me"
        static let queues = "/api/v2/routing/queues"

        /// A hostile source org with `behaviour` on `path`, the emulator's destination, and the
        /// environment and org options that reach both.
        static func start(_ behaviour: HostileOrg.Behaviour, on path: String) throws
            -> (HostileOrg, Emulator, [String: String], [String]) {
            let hostile = try HostileOrg(behaviour, on: path)
            let (emulator, base, _) = try MappingsCommandTests.start()
            var environment = base
            environment["SOURCE_CLIENT_ID"] = HostileOrg.clientId
            environment["SOURCE_CLIENT_SECRET"] = HostileOrg.clientSecret
            let destination = emulator.endpoint("destination")!
            return (hostile, emulator, environment, ["--source-api", hostile.apiBase, "--dest-api", destination.apiBase])
        }

        /// What every failure must look like: the org and the request named, no secret or token,
        /// no crash report.
        static func expectClear(_ run: (status: Int32, output: String, error: String), path: String,
                                environment: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(run.error.contains("error: source org"), "\(run.error)", sourceLocation: sourceLocation)
            #expect(run.error.contains(path), "\(run.error)", sourceLocation: sourceLocation)
            let text = run.output + run.error
            for secret in [HostileOrg.clientSecret, HostileOrg.token, environment["DEST_CLIENT_SECRET"]!] {
                #expect(!text.contains(secret), sourceLocation: sourceLocation)
            }
            for crash in ["Fatal error", "Stack dump", "Backtrace", "Segmentation", "Illegal instruction"] {
                #expect(!text.contains(crash), "\(text)", sourceLocation: sourceLocation)
            }
        }

        @Test("orgs check: HTML with 200 for the identity is refused as not JSON, exit 1")
        func htmlIdentity() throws {
            let (hostile, emulator, environment, orgs) = try Self.start(.html200, on: Self.me)
            defer { hostile.shutdown(); emulator.shutdown() }
            let run = try ToolProcess.run(["orgs", "check"] + orgs, environment: environment, timeout: 60)
            #expect(run.status == 1, "\(run.error)")
            Self.expectClear(run, path: Self.me, environment: environment)
            #expect(run.error.contains("not JSON") && run.error.contains("text/html"), "\(run.error)")
            #expect(run.error.contains("check that the API base"), "\(run.error)")
            #expect(!run.output.contains("destination:"))
        }

        @Test("mappings generate: HTML with 200 for a list, exit 1, no mapping file written")
        func htmlList() throws {
            let (hostile, emulator, environment, orgs) = try Self.start(.html200, on: Self.queues)
            defer { hostile.shutdown(); emulator.shutdown() }
            let folder = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let run = try ToolProcess.run(["mappings", "generate", "--name", "acme", "--workspace", folder] + orgs,
                                          environment: environment, timeout: 60)
            #expect(run.status == 1, "\(run.error)")
            Self.expectClear(run, path: Self.queues, environment: environment)
            #expect(run.error.contains("not JSON") && run.error.contains("text/html"), "\(run.error)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/mappings/acme.json"))
            let left = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/mappings")) ?? []
            #expect(left.isEmpty, "half-written files: \(left)")
        }

        @Test("an empty 200 body: the identity and a list are refused as empty, exit 1, nothing written")
        func emptyBodies() throws {
            do {
                let (hostile, emulator, environment, orgs) = try Self.start(.empty200, on: Self.me)
                defer { hostile.shutdown(); emulator.shutdown() }
                let run = try ToolProcess.run(["orgs", "check"] + orgs, environment: environment, timeout: 60)
                #expect(run.status == 1, "\(run.error)")
                Self.expectClear(run, path: Self.me, environment: environment)
                #expect(run.error.contains("empty"), "\(run.error)")
            }
            let (hostile, emulator, environment, orgs) = try Self.start(.empty200, on: Self.queues)
            defer { hostile.shutdown(); emulator.shutdown() }
            let folder = try MappingsCommandTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let run = try ToolProcess.run(["mappings", "generate", "--name", "acme", "--workspace", folder] + orgs,
                                          environment: environment, timeout: 60)
            #expect(run.status == 1, "\(run.error)")
            Self.expectClear(run, path: Self.queues, environment: environment)
            #expect(run.error.contains("empty"), "\(run.error)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/mappings/acme.json"))
        }

        @Test("JSON labelled text/plain is read as the JSON it is")
        func jsonAsPlainText() throws {
            let (hostile, emulator, environment, orgs) = try Self.start(.jsonAsPlainText, on: Self.me)
            defer { hostile.shutdown(); emulator.shutdown() }
            let run = try ToolProcess.run(["orgs", "check"] + orgs, environment: environment, timeout: 60)
            #expect(run.status == 0, "\(run.error)")
            #expect(run.output.contains("Hostile Org") && run.output.contains(HostileOrg.orgId), "\(run.output)")
        }

        /// libcurl refuses a response header line over 100 KB before any status is seen (it reports
        /// "Out of memory"): the org answered, with an answer that can't be read, so it is a failure
        /// (exit 1) like any other unreadable answer, not an org that didn't answer (69), and the
        /// same request is not sent again.
        @Test("a 1 MB header: refused as unreadable at once, naming the org and the request, exit 1")
        func hugeHeaders() throws {
            let (hostile, emulator, environment, orgs) = try Self.start(.hugeHeaders, on: Self.me)
            defer { hostile.shutdown(); emulator.shutdown() }
            let run = try ToolProcess.run(["orgs", "check"] + orgs, environment: environment, timeout: 120)
            #expect(run.status == 1, "\(run.error)")
            Self.expectClear(run, path: Self.me, environment: environment)
            #expect(run.error.contains("error: source org: GET \(Self.me) answered with an unexpected body (no body was read: "
                + "its headers are over the HTTP stack's limit of 100 KB a header line"), "\(run.error)")
            #expect(run.error.contains("a proxy on the way may add such headers"), "\(run.error)")
            #expect(run.error.contains("check that the API base is a Genesys Cloud org's"), "\(run.error)")
            #expect(hostile.hostileRequests == 1)
            #expect(run.output.isEmpty, "\(run.output)")
        }

        @Test("a 502 HTML page every time: retried, then given up naming the gateway, exit 69 (unavailable)")
        func repeated502() throws {
            let (hostile, emulator, environment, orgs) = try Self.start(.html502, on: Self.me)
            defer { hostile.shutdown(); emulator.shutdown() }
            let run = try ToolProcess.run(["orgs", "check"] + orgs, environment: environment, timeout: 120)
            #expect(run.status == 69, "\(run.error)")
            Self.expectClear(run, path: Self.me, environment: environment)
            let attempts = RetryPolicy.standard.maxAttempts
            #expect(hostile.hostileRequests == attempts)
            #expect(run.error.contains("failed with 502 after \(attempts) attempts"), "\(run.error)")
            #expect(run.error.contains("not JSON") && run.error.contains("gateway or proxy"), "\(run.error)")
            #expect(run.error.contains("run again later"), "\(run.error)")
        }

        /// In-process: the binary's request timeout is 60 s and each timeout is retried (8 attempts
        /// in all), so a silent org holds the binary for minutes; the client is driven here with a
        /// 1 s timeout and 3 attempts instead.
        @Test("an org that never answers: the client times out with a clear error, retries, and gives up")
        func silence() async throws {
            let hostile = try HostileOrg(.silence, on: Self.me)
            defer { hostile.shutdown() }
            let client = OrgClient(label: "source", endpoint: try OrgEndpoint(apiBase: hostile.apiBase),
                                   credentials: OrgCredentials(clientId: HostileOrg.clientId, clientSecret: Secret(HostileOrg.clientSecret)),
                                   retry: RetryPolicy(baseDelay: 0.01, maxDelay: 0.05, maxAttempts: 3), requestTimeout: 1)
            do {
                _ = try await client.organization()
                Issue.record("a silent org gave an identity")
            } catch let error as OrgClientError {
                guard case .unreachable(_, _, _, let attempts, let failure) = error else {
                    Issue.record("not unreachable: \(error)")
                    return
                }
                #expect(attempts == 3)
                #expect(failure == .timedOut(url: hostile.apiBase + Self.me, seconds: 1))
                #expect(error.description.contains("source org: GET \(Self.me) got no answer after 3 attempts"), "\(error)")
                #expect(error.description.contains("check the network, or run again later"), "\(error)")
                #expect(!error.description.contains(HostileOrg.token) && !error.description.contains(HostileOrg.clientSecret))
            }
            #expect(hostile.hostileRequests == 3)
        }
    }
}
