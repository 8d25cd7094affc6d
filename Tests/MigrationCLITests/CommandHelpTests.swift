import Essentials
import Testing

@testable import MigrationCLI

/// Every command's `--help`, as an admin reads it: a one-line purpose, every option with its
/// default, and at least one example command line to copy.
@Suite("CommandHelp: purpose, options with defaults, and an example for every command")
struct CommandHelpTests {
    /// One command of the table, with its path and spec.
    struct Leaf: CustomTestStringConvertible, Sendable {
        var path: [String]
        var spec: CommandSpec
        var testDescription: String { path.joined(separator: " ") }
    }

    /// Every runnable command under ``CommandTable/root``, in table order.
    static let leaves: [Leaf] = collect(CommandTable.root, under: [])

    private static func collect(_ node: CommandNode, under path: [String]) -> [Leaf] {
        switch node {
        case .command(let command):
            return [Leaf(path: path + [command.spec.name], spec: command.spec)]
        case .group(let spec, let children):
            let here = path.isEmpty && spec.name == InteractionMigrate.programName ? [] : path + [spec.name]
            return children.flatMap { collect($0, under: here) }
        }
    }

    /// The help text exactly as `interaction-migrate <path> --help` prints it.
    static func help(_ leaf: Leaf) async -> String {
        let run = await ToolRun.of(leaf.path + ["--help"])
        #expect(run.status == 0, "'\(leaf.testDescription) --help' exited \(run.status)")
        #expect(run.standardError == "")
        return run.standardOutput
    }

    @Test func theTableHasCommands() {
        #expect(Self.leaves.count >= 13)
        #expect(Self.leaves.contains { $0.path == ["mappings", "generate"] })
        #expect(Self.leaves.contains { $0.path == ["bench", "json"] })
    }

    @Test(arguments: leaves)
    func summaryIsOneNonEmptyLineShownFirst(_ leaf: Leaf) async {
        let summary = leaf.spec.summary
        #expect(!summary.trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(!summary.contains("\n"))
        let paragraphs = await Self.help(leaf).components(separatedBy: "\n\n")
        #expect(paragraphs.count > 2)
        #expect(paragraphs.first?.hasPrefix("USAGE: interaction-migrate \(leaf.testDescription)") == true)
        // The paragraph after USAGE is the summary, wrapped.
        let shown = paragraphs.dropFirst().first?.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(shown == summary.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    @Test(arguments: leaves)
    func everyOptionIsListedWithItsDefault(_ leaf: Leaf) async {
        let rows = Self.optionRows(in: await Self.help(leaf))
        for option in leaf.spec.options {
            let label = option.spelling + (option.valueName.map { " " + $0 } ?? "")
            guard let row = rows.first(where: { $0.label == label || $0.label.hasSuffix(", " + label) }) else {
                Issue.record("'\(leaf.testDescription) --help' does not list \(label)")
                continue
            }
            #expect(row.text.count > 0, "'\(leaf.testDescription) --help' explains nothing for \(label)")
            if let value = option.defaultValue {
                #expect(row.text.contains("(default: \(value))"), "'\(leaf.testDescription) --help' shows no default \(value) for \(label): \(row.text)")
            }
        }
        #expect(rows.contains { $0.label == "-h, --help" })
    }

    @Test(arguments: leaves)
    func hasAnExampleToCopy(_ leaf: Leaf) async {
        let lines = await Self.help(leaf).components(separatedBy: "\n")
        var examples: [String] = []
        for (index, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces) == "Example:" {
            // The first line after the heading (a blank line may separate them) is a command line.
            if let first = lines[(index + 1)...].first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                examples.append(first)
            }
        }
        let commandLines = examples.filter { $0.hasPrefix("  interaction-migrate ") || $0.hasPrefix("  swift run") }
        #expect(!commandLines.isEmpty, "'\(leaf.testDescription) --help' has no 'Example:' followed by an indented command line")
        for example in commandLines where example.hasPrefix("  interaction-migrate ") {
            // An example names this command (after the program name).
            #expect(example.dropFirst("  interaction-migrate ".count).hasPrefix(leaf.testDescription),
                    "'\(leaf.testDescription) --help' shows an example of another command: \(example)")
        }
    }

    // MARK: - Reading the OPTIONS section

    /// One option of the OPTIONS section: its label (`--workspace DIR`, `-h, --help`) and its
    /// explanation, with the continuation lines joined.
    struct Row {
        var label: String
        var text: String
    }

    /// The rows of the OPTIONS section. A label line is indented by two (`  -h, --help`) or by six
    /// (`      --name NAME`, no short name); explanation lines are indented further.
    static func optionRows(in help: String) -> [Row] {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "OPTIONS:") else { return [] }
        var rows: [Row] = []
        for line in lines[(start + 1)...] {
            if line.isEmpty { break }
            let indent = line.prefix(while: { $0 == " " }).count
            let content = line.dropFirst(indent)
            if (indent == 2 || indent == 6), content.hasPrefix("-") {
                // The label ends at two spaces (or the line's end, when the explanation goes below).
                let parts = content.components(separatedBy: "  ")
                let label = parts[0]
                let text = parts.dropFirst().joined(separator: "  ").trimmingCharacters(in: .whitespaces)
                rows.append(Row(label: label, text: text))
            } else if !rows.isEmpty {
                rows[rows.count - 1].text += (rows[rows.count - 1].text.isEmpty ? "" : " ") + content
            }
        }
        return rows
    }
}
