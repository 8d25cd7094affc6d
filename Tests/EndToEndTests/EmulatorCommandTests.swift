import Essentials
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

extension EndToEnd {
    @Suite("interaction-migrate emulator")
    struct EmulatorCommandTests {
        @Test("prints one JSON line with both orgs, serves them, and stops cleanly on SIGTERM")
        func servesUntilTerminated() async throws {
            let tool = try ToolProcess(["emulator", "--port", "0", "--records", "50", "--seed", "4"])
            let line = try #require(tool.firstLine(), "no JSON line on standard output: \(tool.errorText)")
            let info = try JSONParser.parse(line)
            let orgs = try #require(info["orgs"]?.arrayValue)
            #expect(orgs.compactMap { $0["name"]?.stringValue } == ["source", "destination"])
            #expect(try #require(info.objectValue).keys == ["orgs", "storage"])
            #expect(info["storage"]?.stringValue?.hasPrefix("http://127.0.0.1:") == true)
            for org in orgs {
                #expect(try #require(org.objectValue).keys == ["name", "id", "apiBase", "clientId", "clientSecret"])
            }
            let source = orgs[0]
            let apiBase = try #require(source["apiBase"]?.stringValue)
            #expect(apiBase.hasPrefix("http://127.0.0.1:"))
            var request = URLRequest(url: URL(string: apiBase + "/oauth/token")!)
            request.httpMethod = "POST"
            let basic = Base64.encode(Array("\(source["clientId"]?.stringValue ?? ""):\(source["clientSecret"]?.stringValue ?? "")".utf8))
            request.setValue("Basic \(basic)", forHTTPHeaderField: "Authorization")
            request.httpBody = Data("grant_type=client_credentials".utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(try JSONParser.parse(Array(data))["access_token"]?.stringValue != nil)
            tool.process.terminate()  // SIGTERM
            #expect(tool.wait(timeout: 20) == 0)
        }

        @Test("bad options and a missing config file are refused at once, with the input named")
        func refusesBadInput() throws {
            let port = try ToolProcess.run(["emulator", "--port", "70000"])
            #expect(port.status == 64)
            #expect(port.error.contains("--port"))
            let config = try ToolProcess.run(["emulator", "--config", "/nonexistent/orgs.json"])
            #expect(config.status == 66)
            #expect(config.error.contains("/nonexistent/orgs.json"))
            #expect(config.output.isEmpty)
            let knob = try ToolProcess.run(["emulator", "--fault-503", "1.5"])
            #expect(knob.status == 64)
            #expect(knob.error.contains("--fault-503"))
        }
    }
}
