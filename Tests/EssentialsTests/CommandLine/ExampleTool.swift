import Essentials

/// A made-up tool that exercises every feature of the parser; it is not the real command table.
enum ExampleTool {
    static let export = CommandSpec(
        name: "export",
        summary: "Export interactions from the source org.",
        discussion: "Each day of the window becomes one file. Nothing is written with --dry-run.",
        options: [
            .option("from", short: "f", valueName: "DATE", help: "First day to export.", isRequired: true),
            .option("to", short: "t", valueName: "DATE", help: "Day after the last day to export.", isRequired: true),
            .flag("dry-run", short: "n", help: "Show the plan without exporting."),
            .option("tag", valueName: "TAG", help: "Label the run.", isRepeatable: true),
            .option("records", valueName: "N", help: "Records per file.", defaultValue: "1000"),
        ],
        positionals: [PositionalSpec("output", help: "Folder to write to.", isRequired: false)])

    static let generate = CommandSpec(
        name: "generate",
        summary: "Write a mapping file by matching names.",
        options: [
            .option("name", valueName: "NAME", help: "Name of the mapping.", isRequired: true),
            .option("threshold", valueName: "X", help: "Lowest similarity to accept.", defaultValue: "0.8"),
            .option("limit", valueName: "N", help: "Most names to match."),
        ])

    static let check = CommandSpec(
        name: "check",
        summary: "Check mapping files against the destination org.",
        positionals: [
            PositionalSpec("file", help: "The mapping file."),
            PositionalSpec("more", help: "Further mapping files.", isRequired: false, isRepeatable: true),
        ])

    static let mappings = CommandSpec(
        name: "mappings",
        summary: "Match queues, flows and wrap-up codes between orgs.",
        options: [.flag("verbose", short: "v", help: "Explain each match.")],
        subcommands: [generate, check])

    static let root = CommandSpec(
        name: "interaction-migrate",
        summary: "Move interaction history between Genesys Cloud orgs.",
        version: "9.9.9",
        subcommands: [export, mappings])

    static let parser = CommandLineParser(root: root)

    /// Parses `arguments`, requiring a command to run (not help or the version).
    static func command(_ arguments: [String]) throws -> ParsedCommand {
        let result = try parser.parse(arguments)
        guard case .command(let parsed) = result else {
            throw UnexpectedResult(result: result)
        }
        return parsed
    }

    /// The error `arguments` are refused with, or `nil` when they parse.
    static func error(_ arguments: [String]) -> CommandLineError? {
        do {
            _ = try parser.parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    /// A parse that gave help or the version where a command was expected.
    struct UnexpectedResult: Error, CustomStringConvertible {
        var result: ParseResult
        var description: String { "expected a command, got \(result)" }
    }
}
