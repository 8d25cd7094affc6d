import Essentials
import MigrationCLI
import Testing

@Suite("InteractionMigrate: help, version and usage errors")
struct InteractionMigrateTests {
    static let rootHelp = """
        USAGE: interaction-migrate <command>

        Move interaction history between Genesys Cloud orgs.

        OPTIONS:
              --version  Show the version.
          -h, --help     Show help for this command.

        SUBCOMMANDS:
          bench          Measure the speed of the tool's building blocks.
          emulator       Serve emulated Genesys Cloud orgs on loopback, for tests and
                         rehearsals.
          orgs           Check the source and destination orgs.
          mappings       Generate and check the mapping file of a migration.
          export         Export the source org's interactions for a date range, window
                         by window, into state/NAME/export/.
          transform      Strip immutable fields and remap queue, flow and wrap-up code
                         ids of exported records.
          import         Send the transformed records to the destination in chunks that
                         are imported exactly once.
          run            Export, transform and import a date range in one go, each
                         window imported as soon as it is transformed.
          verify         Check, window by window, that the destination holds exactly the
                         transformed records, once each.
          status         Show per phase and per window what is done, pending and failed,
                         and the exact command to run next.
          demo           Walk through a whole migration between two emulated orgs, on
                         this machine, with no credentials.

        See 'interaction-migrate help <command>' for details.

        """

    static let benchHelp = """
        USAGE: interaction-migrate bench <command>

        Measure the speed of the tool's building blocks.

        OPTIONS:
          -h, --help  Show help for this command.

        SUBCOMMANDS:
          json        Measure JSON parse, canonical serialise and SHA-256 throughput.
          emulator    Measure the emulator: small GETs per second on keep-alive
                      loopback, and import records per second.
          transform   Measure the transform end to end on a generated export file:
                      records/s and peak memory.
          state       Measure the state store through the import protocol's three steps
                      per chunk, at 100 chunks and at N.
          export      Measure the export of one large window from an emulator in another
                      process, with both source kinds.
          import      Measure the import at the destination's rate limit: requests per
                      chunk, 429s, time against the floor.
          all         Run every benchmark, each in a process of its own, and print one
                      table.

        See 'interaction-migrate help bench <command>' for details.

        """

    static let benchJSONHelp = """
        USAGE: interaction-migrate bench json [--records N] [--json]

        Measure JSON parse, canonical serialise and SHA-256 throughput.

        Generates N interaction records of the contract's v2.1 shape (about 1.25 KB
        each) in memory and prints, for parse, canonical serialise, SHA-256 and the
        three together (on one core and on every core): records/s, MB/s, and the peak
        resident memory.

        Example:

          interaction-migrate bench json --records 200000

        OPTIONS:
              --records N  Number of synthetic interaction records to process.
                           (default: 200000)
              --json       Print one JSON line (the row of 'bench all': parse +
                           canonical + SHA-256 on one core) instead.
          -h, --help       Show help for this command.

        """

    @Test func version() async {
        let run = await ToolRun.of(["--version"])
        #expect(run.status == 0)
        #expect(run.standardOutput == "interaction-migrate 0.1.0\n")
        #expect(run.standardError == "")
    }

    @Test(arguments: [["help"], ["--help"], ["-h"]])
    func rootHelpGoesToStandardOutput(_ arguments: [String]) async {
        let run = await ToolRun.of(arguments)
        #expect(run.status == 0)
        #expect(run.standardOutput == Self.rootHelp)
        #expect(run.standardError == "")
    }

    @Test(arguments: [["help", "bench"], ["bench", "--help"], ["bench", "-h"]])
    func groupHelp(_ arguments: [String]) async {
        let run = await ToolRun.of(arguments)
        #expect(run.status == 0)
        #expect(run.standardOutput == Self.benchHelp)
        #expect(run.standardError == "")
    }

    @Test(arguments: [
        ["bench", "json", "-h"], ["bench", "json", "--help"], ["help", "bench", "json"],
        ["bench", "json", "--records", "5", "--help"], ["bench", "json", "--recrods", "5", "-h"],
    ])
    func commandHelp(_ arguments: [String]) async {
        let run = await ToolRun.of(arguments)
        #expect(run.status == 0)
        #expect(run.standardOutput == Self.benchJSONHelp)
        #expect(run.standardError == "")
    }

    @Test func noArgumentsPrintsRootHelpToStandardErrorAsUsageError() async {
        let run = await ToolRun.of([])
        #expect(run.status == 64)
        #expect(run.standardOutput == "")
        #expect(run.standardError == Self.rootHelp)
    }

    @Test func groupWithoutSubcommandPrintsItsHelpToStandardError() async {
        let run = await ToolRun.of(["bench"])
        #expect(run.status == 64)
        #expect(run.standardOutput == "")
        #expect(run.standardError == Self.benchHelp)
    }

    @Test(arguments: [
        (["bench", "json", "--recrods", "5"],
         "unknown option '--recrods' for 'bench json' (did you mean '--records'?)", "bench json"),
        (["bench", "json", "--zzz"], "unknown option '--zzz' for 'bench json'", "bench json"),
        (["bnch"], "unknown command 'bnch' for 'interaction-migrate' (did you mean 'bench'?)", ""),
        (["bench", "jsn"], "unknown command 'jsn' for 'bench' (did you mean 'json'?)", "bench"),
        (["help", "bench", "jsno"], "unknown command 'jsno' for 'bench' (did you mean 'json'?)", "bench"),
        (["--verison"], "unknown option '--verison' for 'interaction-migrate' (did you mean '--version'?)", ""),
        (["bench", "--version"], "unknown option '--version' for 'bench'", "bench"),
        (["bench", "json", "--records"], "option '--records' of 'bench json' needs a value (N)", "bench json"),
        (["bench", "json", "--records", "5", "--records", "6"],
         "option '--records' of 'bench json' can be given only once", "bench json"),
        (["bench", "json", "--records=abc"],
         "option '--records' of 'bench json' needs a whole number of at least 1, got 'abc'", "bench json"),
        (["bench", "json", "--records", "0"],
         "option '--records' of 'bench json' needs a whole number of at least 1, got '0'", "bench json"),
        (["bench", "json", "--records", "-3"],
         "option '--records' of 'bench json' needs a whole number of at least 1, got '-3'", "bench json"),
        (["bench", "json", "--", "--records"], "unexpected argument '--records' for 'bench json'", "bench json"),
        (["bench", "json", "extra"], "unexpected argument 'extra' for 'bench json'", "bench json"),
        (["bench", "--", "json"], "unexpected argument 'json' for 'bench'", "bench"),
    ] as [([String], String, String)])
    func usageErrors(_ arguments: [String], _ message: String, _ command: String) async {
        let run = await ToolRun.of(arguments)
        let invocation = command.isEmpty ? "interaction-migrate" : "interaction-migrate " + command
        #expect(run.status == 64)
        #expect(run.standardOutput == "")
        #expect(run.standardError == "error: \(message)\nsee '\(invocation) --help'\n")
    }

    @Test func doubleDashBeforeHelpTopicIsAllowed() async {
        let run = await ToolRun.of(["help", "--", "bench"])
        #expect(run.status == 0)
        #expect(run.standardOutput == Self.benchHelp)
    }
}
