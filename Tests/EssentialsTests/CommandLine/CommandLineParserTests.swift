import Essentials
import Testing

@Suite("CommandLineParser: accepted forms")
struct CommandLineParserTests {
    @Test func longOptionsWithSeparateValues() throws {
        let parsed = try ExampleTool.command(["export", "--from", "2024-01-01", "--to", "2024-02-01"])
        #expect(parsed.path == ["export"])
        #expect(parsed.command.invocation == "interaction-migrate export")
        #expect(parsed.value("from") == "2024-01-01")
        #expect(parsed.value("to") == "2024-02-01")
        #expect(parsed.flag("dry-run") == false)
        #expect(parsed.positionals.isEmpty)
    }

    @Test func longOptionsWithEqualsAndShortNames() throws {
        let parsed = try ExampleTool.command(["export", "--from=2024-01-01", "-t", "2024-02-01"])
        #expect(parsed.value("from") == "2024-01-01")
        #expect(parsed.value("to") == "2024-02-01")
    }

    @Test func equalsWithNothingGivesAnEmptyValue() throws {
        let parsed = try ExampleTool.command(["export", "--from=", "--to", "b"])
        #expect(parsed.value("from") == "")
        #expect(parsed.isGiven("from"))
    }

    @Test func valueMayContainEquals() throws {
        let parsed = try ExampleTool.command(["export", "--from", "a", "--to", "b", "--tag=k=v"])
        #expect(parsed.values("tag") == ["k=v"])
    }

    @Test(arguments: [["--dry-run"], ["-n"]])
    func flagsByLongAndShortName(_ spelling: [String]) throws {
        let parsed = try ExampleTool.command(["export", "-f", "a", "-t", "b"] + spelling)
        #expect(parsed.flag("dry-run"))
        #expect(parsed.isGiven("dry-run"))
    }

    @Test func repeatableOptionKeepsEveryValueInOrder() throws {
        let parsed = try ExampleTool.command(["export", "-f", "a", "-t", "b", "--tag", "x", "--tag=y", "--tag", "z"])
        #expect(parsed.values("tag") == ["x", "y", "z"])
        #expect(parsed.value("tag") == "z")
    }

    @Test func defaultsApplyOnlyWhenNotGiven() throws {
        let absent = try ExampleTool.command(["export", "-f", "a", "-t", "b"])
        #expect(absent.value("records") == "1000")
        #expect(absent.values("records") == ["1000"])
        #expect(absent.isGiven("records") == false)
        #expect(absent.values("tag") == [])
        #expect(absent.value("tag") == nil)

        let given = try ExampleTool.command(["export", "-f", "a", "-t", "b", "--records", "5"])
        #expect(given.value("records") == "5")
        #expect(given.isGiven("records"))
    }

    @Test func optionsAndPositionalsMayInterleave() throws {
        let parsed = try ExampleTool.command(["export", "out", "--from", "a", "--to", "b"])
        #expect(parsed.positionals == ["out"])
        #expect(parsed.positional("output") == "out")
        #expect(parsed.value("from") == "a")
    }

    @Test func optionalPositionalMayBeOmitted() throws {
        let parsed = try ExampleTool.command(["export", "--from", "a", "--to", "b"])
        #expect(parsed.positional("output") == nil)
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try ExampleTool.command(["export", "--from", "a", "--to", "b", "--", "--dry-run"])
        #expect(parsed.positional("output") == "--dry-run")
        #expect(parsed.flag("dry-run") == false)
    }

    @Test func helpAfterDoubleDashIsAnArgument() throws {
        let parsed = try ExampleTool.command(["mappings", "check", "--", "-h"])
        #expect(parsed.positional("file") == "-h")
    }

    @Test(arguments: ["-5", "-0.5", "-"])
    func negativeNumbersAndDashAreValuesAndPositionals(_ argument: String) throws {
        let parsed = try ExampleTool.command(["export", "--from", argument, "--to", "b", argument])
        #expect(parsed.value("from") == argument)
        #expect(parsed.positional("output") == argument)
    }

    @Test func nestedSubcommand() throws {
        let parsed = try ExampleTool.command(["mappings", "generate", "--name", "prod"])
        #expect(parsed.path == ["mappings", "generate"])
        #expect(parsed.command.description == "mappings generate")
        #expect(parsed.value("name") == "prod")
        #expect(parsed.flag("verbose") == false)
    }

    @Test func groupOptionsComeBeforeTheSubcommand() throws {
        let parsed = try ExampleTool.command(["mappings", "-v", "generate", "--name", "prod"])
        #expect(parsed.flag("verbose"))
        #expect(parsed.value("name") == "prod")
    }

    @Test func repeatablePositionalTakesTheRest() throws {
        let parsed = try ExampleTool.command(["mappings", "check", "a.json", "b.json", "c.json"])
        #expect(parsed.positional("file") == "a.json")
        #expect(parsed.positionalValues("more") == ["b.json", "c.json"])
        #expect(parsed.positional("more") == "b.json")
    }

    @Test(arguments: [
        (["--help"], []),
        (["-h"], []),
        (["help"], []),
        (["export", "--help"], ["export"]),
        (["export", "-h"], ["export"]),
        (["export", "--from", "a", "-h"], ["export"]),
        (["mappings", "--help"], ["mappings"]),
        (["mappings", "generate", "-h"], ["mappings", "generate"]),
        (["help", "export"], ["export"]),
        (["help", "mappings", "generate"], ["mappings", "generate"]),
        (["help", "help"], ["help"]),
        (["help", "--help"], ["help"]),
        // Help wins over a mistake elsewhere on the line.
        (["export", "--too", "x", "--help"], ["export"]),
        (["export", "--to", "--help"], ["export"]),
        (["mappings", "generate", "--name", "x", "extra", "-h"], ["mappings", "generate"]),
    ] as [([String], [String])])
    func helpRequests(_ arguments: [String], _ path: [String]) throws {
        #expect(try ExampleTool.parser.parse(arguments) == .help(path: path))
    }

    @Test func versionAtTheRoot() throws {
        #expect(try ExampleTool.parser.parse(["--version"]) == .version)
    }

    @Test func versionOnlyWhereTheRootHasOne() {
        let parser = CommandLineParser(root: CommandSpec(name: "tool", summary: "A tool.", subcommands: [ExampleTool.check]))
        #expect(throws: CommandLineError.unknownOption("--version", command: CommandPath(programName: "tool"), suggestion: nil)) {
            try parser.parse(["--version"])
        }
    }

    @Test func rootWithoutSubcommandsRunsItself() throws {
        let root = CommandSpec(
            name: "tool", summary: "A tool.",
            options: [.flag("quiet", short: "q", help: "Say less.")],
            positionals: [PositionalSpec("file", help: "A file.")])
        let result = try CommandLineParser(root: root).parse(["-q", "help"])
        guard case .command(let parsed) = result else {
            Issue.record("expected a command, got \(result)")
            return
        }
        #expect(parsed.path == [])
        #expect(parsed.flag("quiet"))
        #expect(parsed.positional("file") == "help")
    }

    @Test func realHelpSubcommandWinsOverThePseudoCommand() throws {
        let help = CommandSpec(name: "help", summary: "Our own help.", positionals: [PositionalSpec("topic", help: "A topic.")])
        let root = CommandSpec(name: "tool", summary: "A tool.", subcommands: [help])
        let result = try CommandLineParser(root: root).parse(["help", "export"])
        guard case .command(let parsed) = result else {
            Issue.record("expected a command, got \(result)")
            return
        }
        #expect(parsed.path == ["help"])
        #expect(parsed.positional("topic") == "export")
    }
}
