import MigrationKit
import Testing

@Suite("Regions and org endpoints (contract §1)")
struct OrgEndpointTests {
    /// Contract §1's table, copied from the contract text.
    static let table: [(String, String)] = [
        ("us-east-1", "mypurecloud.com"), ("us-east-2", "use2.us-gov-pure.cloud"), ("us-west-2", "usw2.pure.cloud"),
        ("ca-central-1", "cac1.pure.cloud"), ("sa-east-1", "sae1.pure.cloud"), ("mx-central-1", "mxc1.pure.cloud"),
        ("eu-west-1", "mypurecloud.ie"), ("eu-west-2", "euw2.pure.cloud"), ("eu-central-1", "mypurecloud.de"),
        ("eu-central-2", "euc2.pure.cloud"), ("ap-south-1", "aps1.pure.cloud"), ("ap-southeast-1", "apse1.pure.cloud"),
        ("ap-northeast-1", "mypurecloud.jp"), ("ap-northeast-2", "apne2.pure.cloud"), ("ap-northeast-3", "apne3.pure.cloud"),
        ("ap-southeast-2", "mypurecloud.com.au"), ("me-central-1", "mec1.pure.cloud"),
        ("eusc-de-east-1", "edee1.eusc-pure.cloud"),
    ]

    @Test("the region table is contract §1's, and every region gives api. and login. hosts", arguments: table)
    func region(name: String, domain: String) throws {
        #expect(Region.named(name)?.domain == domain)
        let endpoint = try OrgEndpoint(region: name)
        #expect(endpoint.apiBase == "https://api.\(domain)")
        #expect(endpoint.loginBase == "https://login.\(domain)")
        #expect(endpoint.origin == HTTPOrigin(scheme: "https", host: "api.\(domain)", port: 443))
    }

    @Test("the table has exactly the contract's regions")
    func regionCount() {
        #expect(Region.all.map(\.name) == Self.table.map(\.0))
    }

    @Test("the EU sovereign cloud region eusc-de-east-1 resolves to its own eusc-pure.cloud hosts")
    func sovereignRegion() throws {
        let endpoint = try OrgEndpoint(region: "eusc-de-east-1")
        #expect(endpoint.apiBase == "https://api.edee1.eusc-pure.cloud")
        #expect(endpoint.loginBase == "https://login.edee1.eusc-pure.cloud")
    }

    @Test("region names ignore case and surrounding whitespace")
    func regionCase() throws {
        #expect(try OrgEndpoint(region: " EU-West-1\n").apiBase == "https://api.mypurecloud.ie")
    }

    @Test("an unknown region is refused with the list of known names")
    func unknownRegion() {
        do {
            _ = try OrgEndpoint(region: "eu-west-9")
            Issue.record("an unknown region was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("eu-west-9"))
            for (name, _) in Self.table { #expect(text.contains(name)) }
        }
    }

    @Test("the login base is derived by replacing a leading api. label; trailing slashes are dropped")
    func loginDerivation() throws {
        let endpoint = try OrgEndpoint(apiBase: "https://API.euw2.pure.cloud//")
        #expect(endpoint.apiBase == "https://api.euw2.pure.cloud")
        #expect(endpoint.loginBase == "https://login.euw2.pure.cloud")
        let ported = try OrgEndpoint(apiBase: "https://api.example.test:8443/")
        #expect(ported.loginBase == "https://login.example.test:8443")
        #expect(ported.origin.port == 8443)
    }

    @Test("without an api. label the login base is the API base itself")
    func loginWithoutApiLabel() throws {
        let endpoint = try OrgEndpoint(apiBase: "http://127.0.0.1:52100")
        #expect(endpoint.apiBase == "http://127.0.0.1:52100")
        #expect(endpoint.loginBase == "http://127.0.0.1:52100")
        let gateway = try OrgEndpoint(apiBase: "https://genesys-gateway.example.test/")
        #expect(gateway.loginBase == "https://genesys-gateway.example.test")
        // `apis.` or `myapi.` is not the label `api`.
        #expect(try OrgEndpoint(apiBase: "https://apis.example.test").loginBase == "https://apis.example.test")
    }

    @Test("an explicit login base wins")
    func explicitLogin() throws {
        let endpoint = try OrgEndpoint(apiBase: "https://api.mypurecloud.de", loginBase: "https://sso.example.test/")
        #expect(endpoint.loginBase == "https://sso.example.test")
    }

    @Test("plain http is allowed for loopback hosts", arguments: [
        "http://127.0.0.1:8080", "http://127.5.6.7", "http://localhost:9000", "http://LOCALHOST", "http://[::1]:7000",
    ])
    func loopbackHTTP(base: String) throws {
        let endpoint = try OrgEndpoint(apiBase: base)
        #expect(endpoint.origin.scheme == "http")
        #expect(endpoint.origin.isLoopback)
    }

    @Test("plain http to any other host is refused, naming the URL and saying to use https", arguments: [
        "http://api.mypurecloud.com", "http://10.0.0.5:8080", "http://128.0.0.1", "http://127.0.0.1.example.test",
        "http://localhost.example.test", "http://[::2]",
    ])
    func insecureHTTP(base: String) {
        do {
            _ = try OrgEndpoint(apiBase: base)
            Issue.record("\(base) was accepted")
        } catch {
            #expect(error == .insecureURL(base, role: "API base"))
            #expect(error.description.contains(base))
            #expect(error.description.contains("use https"))
        }
    }

    @Test("an http login base to a remote host is refused too")
    func insecureLogin() {
        #expect(throws: OrgEndpointError.insecureURL("http://login.mypurecloud.com", role: "login base")) {
            try OrgEndpoint(apiBase: "https://api.mypurecloud.com", loginBase: "http://login.mypurecloud.com")
        }
    }

    @Test("malformed bases are refused with the reason", arguments: [
        "api.mypurecloud.com", "ftp://api.mypurecloud.com", "https://", "https://user:pw@api.mypurecloud.com",
        "https://api.mypurecloud.com:99999", "https://api.mypurecloud.com/?x=1",
    ])
    func malformed(base: String) {
        do {
            _ = try OrgEndpoint(apiBase: base)
            Issue.record("\(base) was accepted")
        } catch {
            guard case .invalidURL(let url, _, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(url == base)
            #expect(!reason.isEmpty)
        }
    }

    @Test("origins compare scheme, host ignoring case, and effective port")
    func origins() throws {
        func origin(_ text: String) throws -> HTTPOrigin { try HTTPURL.parse(text).get().origin }
        #expect(try origin("https://API.mypurecloud.com:443/x") == origin("https://api.mypurecloud.com/y?z"))
        #expect(try origin("http://127.0.0.1:80") == origin("http://127.0.0.1"))
        #expect(try origin("http://127.0.0.1:8080") != origin("http://127.0.0.1:8081"))
        #expect(try origin("https://api.mypurecloud.com") != origin("http://api.mypurecloud.com"))
        #expect(try origin("https://api.mypurecloud.com") != origin("https://api.mypurecloud.com.evil.test"))
    }

    @Test("a redacted URL drops the query that carries a download signature")
    func redaction() throws {
        let url = try HTTPURL.parse("https://storage.example.test:9000/exports/abc?X-Signature=s3cr3t#frag").get()
        #expect(url.redacted == "https://storage.example.test:9000/exports/abc")
        #expect(url.query == "X-Signature=s3cr3t")
    }
}
