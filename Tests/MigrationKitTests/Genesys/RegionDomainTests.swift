import MigrationKit
import Testing

@Suite("Regions given by domain (contract §1)")
struct RegionDomainTests {
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

    @Test("every row's domain, with or without api. or https://api., names its region and its hosts", arguments: table)
    func domain(name: String, domain: String) throws {
        for spelling in [domain, "api.\(domain)", "https://api.\(domain)", "https://api.\(domain)/", " API.\(domain.uppercased())\n",
                         "https://\(domain)"] {
            #expect(Region.matching(spelling)?.name == name, "\(spelling)")
            let endpoint = try OrgEndpoint(region: spelling)
            #expect(endpoint.apiBase == "https://api.\(domain)")
            #expect(endpoint.loginBase == "https://login.\(domain)")
        }
        #expect(Region.matching(name)?.domain == domain)
        #expect(Region.matching(name.replacingOccurrences(of: "-", with: "_"))?.domain == domain)
    }

    @Test("hosts outside the table, login hosts, plain http and partial domains name no region")
    func unknown() {
        for text in ["", "localhost", "mypurecloud.co.uk", "login.mypurecloud.ie", "http://api.mypurecloud.ie", "purecloud.ie",
                     "ie", "api.", "https://api.example.com", "eu-west-9", "mypurecloud.ie.evil.example"] {
            #expect(Region.matching(text) == nil, "\(text)")
        }
    }

    @Test("an unknown region or domain lists the region names; from an option, it names the option and the API option")
    func unknownMessages() {
        do {
            _ = try OrgEndpoint(region: "mypurecloud.co.uk")
            Issue.record("an unknown domain was accepted")
        } catch {
            #expect(error == .unknownRegion("mypurecloud.co.uk", known: Self.table.map(\.0)))
            #expect(error.description.contains("domain"))
        }
        let option = OrgEndpointError.unknownRegionOption("bogus.example", option: "--dest-region", apiOption: "--dest-api",
                                                          known: Self.table.map(\.0)).description
        for part in ["--dest-region 'bogus.example'", "--dest-api URL", "mypurecloud.ie"] + Self.table.map(\.0) {
            #expect(option.contains(part), "\(part) in \(option)")
        }
    }
}
