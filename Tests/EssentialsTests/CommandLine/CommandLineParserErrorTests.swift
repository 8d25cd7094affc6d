import Essentials
import Testing

@Suite("CommandLineParser: refused command lines")
struct CommandLineParserErrorTests {
    static let root = CommandPath(programName: "interaction-migrate")
    static let export = root.appending("export")
    static let mappings = root.appending("mappings")
    static let generate = mappings.appending("generate")
    static let check = mappings.appending("check")

    @Test(arguments: [
        (["export", "--too", "2024-02-01"], "unknown option '--too' for 'export' (did you mean '--to'?)"),
        (["export", "--too=2024-02-01"], "unknown option '--too' for 'export' (did you mean '--to'?)"),
        (["export", "--dryrun"], "unknown option '--dryrun' for 'export' (did you mean '--dry-run'?)"),
        (["export", "--rec", "5"], "unknown option '--rec' for 'export' (did you mean '--records'?)"),
        (["export", "--hepl"], "unknown option '--hepl' for 'export' (did you mean '--help'?)"),
        (["export", "--zzz"], "unknown option '--zzz' for 'export'"),
        (["export", "-x"], "unknown option '-x' for 'export'"),
        (["export", "-to", "b"], "unknown option '-to' for 'export' (did you mean '--to'?)"),
        (["export", "--version"], "unknown option '--version' for 'export'"),
        (["--verison"], "unknown option '--verison' for 'interaction-migrate' (did you mean '--version'?)"),
        (["mappings", "generate", "--verbose"], "unknown option '--verbose' for 'mappings generate'"),
        (["exprt"], "unknown command 'exprt' for 'interaction-migrate' (did you mean 'export'?)"),
        (["hlep"], "unknown command 'hlep' for 'interaction-migrate' (did you mean 'help'?)"),
        (["frobnicate"], "unknown command 'frobnicate' for 'interaction-migrate'"),
        (["mappings", "generat"], "unknown command 'generat' for 'mappings' (did you mean 'generate'?)"),
        (["help", "mapings"], "unknown command 'mapings' for 'interaction-migrate' (did you mean 'mappings'?)"),
        (["help", "mappings", "chek"], "unknown command 'chek' for 'mappings' (did you mean 'check'?)"),
        (["help", "export", "now"], "unknown command 'now' for 'export'"),
        ([], "'interaction-migrate' needs a subcommand: one of 'export', 'mappings'"),
        (["mappings"], "'mappings' needs a subcommand: one of 'generate', 'check'"),
        (["export", "--from", "a", "--to"], "option '--to' of 'export' needs a value (DATE)"),
        (["export", "--from", "a", "-t"], "option '-t' of 'export' needs a value (DATE)"),
        (["export", "--to", "--dry-run", "--from", "a"], "option '--to' of 'export' needs a value (DATE)"),
        (["export", "--to", "--", "b"], "option '--to' of 'export' needs a value (DATE)"),
        (["export", "-f", "a", "-t", "b", "--dry-run=yes"], "flag '--dry-run' of 'export' takes no value; remove '=yes'"),
        (["export", "-f", "a", "-t", "b", "--dry-run="], "flag '--dry-run' of 'export' takes no value; remove '='"),
        (["export", "--help=yes"], "flag '--help' of 'export' takes no value; remove '=yes'"),
        (["export", "--from", "a", "-f", "b", "--to", "c"], "option '--from' of 'export' can be given only once"),
        (["export", "-f", "a", "-t", "b", "--dry-run", "-n"], "option '--dry-run' of 'export' can be given only once"),
        (["export", "--from", "a"], "missing required option '--to' for 'export'"),
        (["export"], "missing required option '--from' for 'export'"),
        (["mappings", "generate"], "missing required option '--name' for 'mappings generate'"),
        (["mappings", "check"], "missing required argument '<file>' for 'mappings check'"),
        (["export", "-f", "a", "-t", "b", "out", "extra"], "unexpected argument 'extra' for 'export'"),
        (["export", "-f", "a", "-t", "b", "--", "out", "--extra"], "unexpected argument '--extra' for 'export'"),
        (["mappings", "--", "generate"], "unexpected argument 'generate' for 'mappings'"),
    ] as [([String], String)])
    func errorMessages(_ arguments: [String], _ message: String) throws {
        let error = try #require(ExampleTool.error(arguments))
        #expect(error.description == message)
    }

    @Test func unknownOptionCarriesItsParts() {
        #expect(
            ExampleTool.error(["export", "--too", "x"])
                == .unknownOption("--too", command: Self.export, suggestion: "--to"))
    }

    @Test func unknownCommandCarriesItsParts() {
        #expect(ExampleTool.error(["exprt"]) == .unknownCommand("exprt", command: Self.root, suggestion: "export"))
    }

    @Test func missingRequiredOptionNamesTheCommandAndPointsAtItsHelp() throws {
        let error = try #require(ExampleTool.error(["mappings", "generate"]))
        #expect(error == .missingRequiredOption("--name", command: Self.generate))
        #expect(error.hint == "see 'interaction-migrate mappings generate --help'")
    }

    @Test func hintForTheRootNamesTheProgram() throws {
        let error = try #require(ExampleTool.error(["exprt"]))
        #expect(error.hint == "see 'interaction-migrate --help'")
    }

    @Test func missingSubcommandListsTheChoices() {
        #expect(ExampleTool.error(["mappings"]) == .missingSubcommand(command: Self.mappings, available: ["generate", "check"]))
    }

    @Test func helpWinsOnlyBeforeDoubleDash() throws {
        let error = try #require(ExampleTool.error(["export", "--too", "x", "--", "--help"]))
        #expect(error == .unknownOption("--too", command: Self.export, suggestion: "--to"))
    }
}
