import Essentials
import Testing

@Suite("UsageFormatter")
struct UsageFormatterTests {
    let formatter = UsageFormatter(root: ExampleTool.root)

    @Test func rootHelpListsSubcommandsVersionAndFooter() {
        #expect(formatter.help(for: []) == """
            USAGE: interaction-migrate <command>

            Move interaction history between Genesys Cloud orgs.

            OPTIONS:
                  --version  Show the version.
              -h, --help     Show help for this command.

            SUBCOMMANDS:
              export         Export interactions from the source org.
              mappings       Match queues, flows and wrap-up codes between orgs.

            See 'interaction-migrate help <command>' for details.
            """)
    }

    @Test func leafHelpShowsEveryKindOfOption() {
        #expect(formatter.help(for: ["export"]) == """
            USAGE: interaction-migrate export --from DATE --to DATE [--dry-run]
                   [--tag TAG ...] [--records N] [<output>]

            Export interactions from the source org.

            Each day of the window becomes one file. Nothing is written with --dry-run.

            ARGUMENTS:
              <output>         Folder to write to. (optional)

            OPTIONS:
              -f, --from DATE  First day to export. (required)
              -t, --to DATE    Day after the last day to export. (required)
              -n, --dry-run    Show the plan without exporting.
                  --tag TAG    Label the run. (can be repeated)
                  --records N  Records per file. (default: 1000)
              -h, --help       Show help for this command.
            """)
    }

    @Test func nestedGroupHelpPointsAtHelpForItsSubcommands() {
        #expect(formatter.help(for: ["mappings"]) == """
            USAGE: interaction-migrate mappings [--verbose] <command>

            Match queues, flows and wrap-up codes between orgs.

            OPTIONS:
              -v, --verbose  Explain each match.
              -h, --help     Show help for this command.

            SUBCOMMANDS:
              generate       Write a mapping file by matching names.
              check          Check mapping files against the destination org.

            See 'interaction-migrate help mappings <command>' for details.
            """)
    }

    @Test func positionalsInUsageAndArguments() {
        #expect(formatter.help(for: ["mappings", "check"]) == """
            USAGE: interaction-migrate mappings check <file> [<more> ...]

            Check mapping files against the destination org.

            ARGUMENTS:
              <file>      The mapping file.
              <more>      Further mapping files. (optional) (can be repeated)

            OPTIONS:
              -h, --help  Show help for this command.
            """)
    }

    @Test func helpPseudoCommandHasHelpToo() {
        #expect(formatter.usage(for: ["help"]) == "interaction-migrate help [<command> ...]")
        #expect(formatter.help(for: ["help"]).contains("Show help for a command."))
    }

    @Test(arguments: [
        (["export"], "interaction-migrate export --from DATE --to DATE [--dry-run] [--tag TAG ...] [--records N] [<output>]"),
        (["mappings", "generate"], "interaction-migrate mappings generate --name NAME [--threshold X] [--limit N]"),
        ([], "interaction-migrate <command>"),
        (["no-such", "thing"], "interaction-migrate <command>"),
    ] as [([String], String)])
    func usageLine(_ path: [String], _ expected: String) {
        #expect(formatter.usage(for: path) == expected)
    }

    /// Notes such as `(default: 1000000)` are never split across lines.
    @Test func anExampleHeadingWrapsAndTheCommandLinesUnderItStayAsWritten() {
        let root = CommandSpec(
            name: "tool",
            summary: "Do one thing.",
            discussion: """
                Prose that wraps across
                lines.

                Example:
                  tool --first \\
                    --continued
                """)
        let help = UsageFormatter(root: root, width: 40).help(for: [])
        #expect(help.contains("""
            Prose that wraps across lines.

            Example:
              tool --first \\
                --continued
            """))
        // A paragraph whose indented lines are followed by prose again is prose throughout.
        let mixed = CommandSpec(name: "tool", summary: "S.", discussion: "Head:\n  indented\nback to prose")
        #expect(UsageFormatter(root: mixed, width: 40).help(for: []).contains("Head: indented back to prose"))
    }

    @Test func wrapsLongTextAndPutsLongLabelsOnTheirOwnLine() {
        let root = CommandSpec(
            name: "tool",
            summary: "Do one thing well, and explain at length what that one thing is.",
            discussion: """
                The first paragraph wraps
                across lines as needed.

                  tool --example-that-stays exactly as written
                  tool --second line
                """,
            options: [
                .option("a-very-long-option-name", valueName: "SOMETHING", help: "Short help."),
                .flag("quiet", short: "q", help: "Say less than usual, which is to say almost nothing at all."),
                .option("size", valueName: "N", help: "Take this many.", defaultValue: "1000000"),
            ])
        #expect(UsageFormatter(root: root, width: 40).help(for: []) == """
            USAGE: tool
                   [--a-very-long-option-name SOMETHING]
                   [--quiet] [--size N]

            Do one thing well, and explain at length
            what that one thing is.

            The first paragraph wraps across lines
            as needed.

              tool --example-that-stays exactly as written
              tool --second line

            OPTIONS:
                  --a-very-long-option-name SOMETHING
                           Short help.
              -q, --quiet  Say less than usual,
                           which is to say almost
                           nothing at all.
                  --size N
                           Take this many.
                           (default: 1000000)
              -h, --help   Show help for this
                           command.
            """)
    }
}
