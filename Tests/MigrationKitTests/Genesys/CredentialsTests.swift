import MigrationKit
import Testing

@Suite("Credentials")
struct CredentialsTests {
    static let secretText = "sEcReT-Value-0123456789"

    @Test("a secret prints as <redacted> however it is printed")
    func secretRedaction() {
        let secret = Secret(Self.secretText)
        var dumped = ""
        dump(secret, to: &dumped)
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped,
                     "\([secret])", "\(Optional(secret) as Any)"] {
            #expect(!text.contains(Self.secretText), "leaked in \(text)")
        }
        #expect(secret.description == "<redacted>")
        #expect(secret.debugDescription == "<redacted>")
        #expect(secret.exposedValue == Self.secretText)
    }

    @Test("credentials print without their secret")
    func credentialsRedaction() {
        let credentials = OrgCredentials(clientId: "client-1", clientSecret: Secret(Self.secretText))
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(credentials)", String(reflecting: credentials), dumped] {
            #expect(!text.contains(Self.secretText), "leaked in \(text)")
        }
        #expect("\(credentials)".contains("client-1"))
    }

    @Test("source and destination read their own variables")
    func fromEnvironment() throws {
        let environment = ["SOURCE_CLIENT_ID": "src-id", "SOURCE_CLIENT_SECRET": " src-secret\n",
                           "DEST_CLIENT_ID": "dst-id", "DEST_CLIENT_SECRET": "dst-secret"]
        let source = try OrgCredentials.fromEnvironment(role: .source, environment: environment)
        #expect(source.clientId == "src-id")
        #expect(source.clientSecret.exposedValue == "src-secret")
        #expect(source.origin == "SOURCE_CLIENT_ID/SOURCE_CLIENT_SECRET")
        let destination = try OrgCredentials.fromEnvironment(role: .destination, environment: environment)
        #expect(destination.clientId == "dst-id")
        #expect(destination.clientSecret.exposedValue == "dst-secret")
        #expect(destination.origin == "DEST_CLIENT_ID/DEST_CLIENT_SECRET")
    }

    @Test("a missing variable is named, and no value is printed")
    func missing() {
        let environment = ["DEST_CLIENT_ID": "dst-id-visible"]
        #expect(throws: CredentialsError.missingVariable("DEST_CLIENT_SECRET", role: .destination)) {
            try OrgCredentials.fromEnvironment(role: .destination, environment: environment)
        }
        #expect(throws: CredentialsError.missingVariable("SOURCE_CLIENT_ID", role: .source)) {
            try OrgCredentials.fromEnvironment(role: .source, environment: environment)
        }
        let text = CredentialsError.missingVariable("DEST_CLIENT_SECRET", role: .destination).description
        #expect(text.hasPrefix("DEST_CLIENT_SECRET is not set"))
        #expect(!text.contains("dst-id-visible"))
    }

    @Test("an empty or blank variable is an error naming it")
    func empty() {
        for value in ["", "  ", "\n"] {
            #expect(throws: CredentialsError.emptyVariable("SOURCE_CLIENT_SECRET", role: .source)) {
                try OrgCredentials.fromEnvironment(role: .source, environment: ["SOURCE_CLIENT_ID": "id", "SOURCE_CLIENT_SECRET": value])
            }
        }
    }
}
