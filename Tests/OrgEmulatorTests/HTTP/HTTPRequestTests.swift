import OrgEmulator
import Testing

@Suite("HTTP request")
struct HTTPRequestTests {
    @Test("path and percent-decoded query items")
    func query() {
        let request = HTTPRequest(method: "GET", target: "/api/v2/flows?pageSize=100&name=Main%20IVR&x=a+b&pageSize=25&flag")
        #expect(request.path == "/api/v2/flows")
        #expect(request.query("pageSize") == "25")
        #expect(request.query("name") == "Main IVR")
        #expect(request.query("x") == "a b")
        #expect(request.query("flag") == "")
        #expect(request.query("missing") == nil)
    }

    @Test("header names compare case-insensitively; set replaces")
    func headers() {
        var headers = HTTPHeaders([("Content-Type", "text/plain"), ("X-A", "1")])
        #expect(headers["content-type"] == "text/plain")
        headers.add("x-a", "2")
        #expect(headers["X-A"] == "1")
        headers.set("X-a", "3")
        #expect(headers.fields.filter { $0.name.lowercased() == "x-a" }.map(\.value) == ["3"])
    }
}
