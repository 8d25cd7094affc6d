import Essentials
import Testing

@testable import MigrationCLI

@Suite("CommandTable")
struct CommandTableTests {
    @Test func specIsSound() {
        #expect(InteractionMigrate.commandSpec.problems() == [])
    }

    @Test func rootCarriesNameAndVersion() {
        #expect(InteractionMigrate.commandSpec.name == "interaction-migrate")
        #expect(InteractionMigrate.commandSpec.version == InteractionMigrate.version)
    }

    /// Every command the tool offers, written out: a command added or lost shows up here.
    static let expectedLeaves: [[String]] = [
        ["bench", "json"], ["bench", "emulator"], ["bench", "transform"], ["bench", "state"], ["bench", "export"], ["bench", "import"], ["bench", "all"],
        ["emulator"],
        ["orgs", "check"],
        ["mappings", "generate"], ["mappings", "check"],
        ["export"],
        ["transform"],
        ["import"],
        ["run"], ["verify"], ["status"], ["demo"],
    ]

    /// The parser accepts exactly the written-out commands, and each has an implementation of
    /// its name behind it.
    @Test func everyLeafHasACommand() throws {
        #expect(Self.leafPaths(of: InteractionMigrate.commandSpec) == Self.expectedLeaves)
        for path in Self.expectedLeaves {
            let command = try #require(CommandTable.root.command(at: path[...]), "no command at \(path)")
            #expect(command.spec.name == path.last)
        }
    }

    @Test func groupsAndUnknownPathsHaveNoCommand() {
        #expect(CommandTable.root.command(at: []) == nil)
        #expect(CommandTable.root.command(at: ["bench"]) == nil)
        #expect(CommandTable.root.command(at: ["bench", "json", "more"]) == nil)
        #expect(CommandTable.root.command(at: ["nothing"]) == nil)
    }

    @Test(arguments: [
        ([], BenchJSONCommand.defaultRecords),
        (["--records", "5"], 5),
        (["--records=12"], 12),
    ] as [([String], Int)])
    func benchJSONRecords(_ options: [String], _ records: Int) throws {
        let result = try CommandLineParser(root: InteractionMigrate.commandSpec).parse(["bench", "json"] + options)
        guard case .command(let parsed) = result else {
            Issue.record("expected a command, got \(result)")
            return
        }
        #expect(parsed.path == ["bench", "json"])
        #expect(try parsed.int("records", default: BenchJSONCommand.defaultRecords, in: 1...Int.max) == records)
    }

    private static func leafPaths(of spec: CommandSpec, under path: [String] = []) -> [[String]] {
        spec.subcommands.isEmpty
            ? [path]
            : spec.subcommands.flatMap { leafPaths(of: $0, under: path + [$0.name]) }
    }
}
