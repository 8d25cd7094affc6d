import Essentials
import MigrationKit
import Testing

@Suite("Org directory")
struct OrgDirectoryTests {
    @Test("entities are read from the §5 fields; other fields are ignored")
    func fromJSON() throws {
        let queues = try JSONParser.parse("""
            [{"id": "q1", "name": "Billing", "division": {"id": "dv1", "name": "Home", "selfUri": "/x"}, "memberCount": 3},
             {"id": "q2", "name": "Sales"}]
            """).arrayValue!
        let flows = try JSONParser.parse(#"[{"id": "f1", "name": "Main IVR", "type": "INBOUNDCALL", "active": true}]"#).arrayValue!
        let codes = try JSONParser.parse(#"[{"id": "c1", "name": "Resolved", "selfUri": "/api/v2/routing/wrapupcodes/c1"}]"#).arrayValue!
        let directory = try OrgDirectory.from(
            orgId: "o1", orgName: "Acme Prod", apiBase: "https://api.mypurecloud.com", queues: queues, flows: flows, wrapupCodes: codes
        )
        #expect(directory.orgId == "o1")
        #expect(directory.queues == [RoutingEntity(id: "q1", name: "Billing", division: "Home"), RoutingEntity(id: "q2", name: "Sales")])
        #expect(directory.flows == [RoutingEntity(id: "f1", name: "Main IVR", type: "INBOUNDCALL")])
        #expect(directory.wrapupCodes == [RoutingEntity(id: "c1", name: "Resolved")])
    }

    @Test(
        "an entity without id or name (or a flow without type) names the list and the index",
        arguments: [
            (MappingKind.queues, #"[{"id": "q1", "name": "A"}, {"name": "B"}]"#, 1, "id"),
            (.queues, #"[{"id": "q1"}]"#, 0, "name"),
            (.flows, #"[{"id": "f1", "name": "Main IVR"}]"#, 0, "type"),
            (.wrapupCodes, #"[{"id": "", "name": "Resolved"}]"#, 0, "id"),
            (.wrapupCodes, #"[{"id": "c1", "name": 7}]"#, 0, "name"),
        ]
    )
    func missingField(kind: MappingKind, json: String, index: Int, field: String) throws {
        let list = try JSONParser.parse(json).arrayValue!
        let error = OrgDirectoryError.missingField(orgName: "Acme Prod", list: kind, index: index, field: field)
        #expect(throws: error) {
            try OrgDirectory.from(
                orgId: "o1", orgName: "Acme Prod", apiBase: "https://api.mypurecloud.com", queues: kind == .queues ? list : [],
                flows: kind == .flows ? list : [], wrapupCodes: kind == .wrapupCodes ? list : []
            )
        }
        #expect(error.description.contains("\(kind) entity \(index)"))
        #expect(error.description.contains("\"\(field)\""))
    }

    @Test("an entity that is not an object is refused")
    func notAnObject() {
        #expect(throws: OrgDirectoryError.notAnObject(orgName: "Acme EU", list: .flows, index: 0, found: "a string")) {
            try OrgDirectory.from(orgId: "o", orgName: "Acme EU", apiBase: "x", queues: [], flows: ["Main IVR"], wrapupCodes: [])
        }
    }
}
