/// Writes the help text of any command in a ``CommandSpec`` tree.
///
/// A command's help reads, in order: the USAGE line, the summary, the discussion, then the
/// ARGUMENTS, OPTIONS and SUBCOMMANDS sections with their explanations in one aligned column,
/// and for a group a footer pointing at `help <command>`. Text is wrapped to ``width`` columns.
public struct UsageFormatter: Sendable {
    /// The root command; its name is the program name.
    public let root: CommandSpec
    /// The column at which lines are wrapped.
    public let width: Int

    /// Makes a formatter for the tool described by `root`, wrapping at `width` columns.
    public init(root: CommandSpec, width: Int = 80) {
        self.root = root
        self.width = width
    }

    /// The full help of the command at `path` (as in ``ParseResult/help(path:)``), without a
    /// final newline; the root's help when `path` names no command.
    public func help(for path: [String]) -> String {
        let (spec, command) = resolve(path)
        var sections = [
            Self.wrap(["USAGE:"] + usageElements(spec, command), width: width, indent: "USAGE: ".count).joined(separator: "\n"),
            paragraph(spec.summary),
        ]
        sections += Self.paragraphs(spec.discussion ?? "").map(paragraph)
        let arguments = spec.positionals.map { positional in
            var notes: [String] = []
            if !positional.isRequired { notes.append("(optional)") }
            if positional.isRepeatable { notes.append("(can be repeated)") }
            return Row(label: "<\(positional.name)>", text: Self.words(positional.help) + notes)
        }
        let options = optionRows(spec, isRoot: command.names.isEmpty)
        let subcommands = spec.subcommands.map { Row(label: $0.name, text: Self.words($0.summary)) }
        // Explanations start two spaces after the longest label, but no further right than 3/8 of
        // the width; a longer label gets a line of its own.
        let longestLabel = (arguments + options + subcommands).map(\.label.count).max() ?? 0
        let column = min(2 + longestLabel + 2, width * 3 / 8)
        if !arguments.isEmpty { sections.append(section("ARGUMENTS:", arguments, column: column)) }
        sections.append(section("OPTIONS:", options, column: column))
        if !subcommands.isEmpty {
            sections.append(section("SUBCOMMANDS:", subcommands, column: column))
            let topic = ([root.name, CommandSpec.helpCommandName] + command.names + ["<command>"])
                .joined(separator: " ")
            sections.append(paragraph("See '\(topic)' for details."))
        }
        return sections.joined(separator: "\n\n")
    }

    /// The usage synopsis of the command at `path`, such as
    /// `interaction-migrate export --from DATE --to DATE [--dry-run]`.
    public func usage(for path: [String]) -> String {
        let (spec, command) = resolve(path)
        return usageElements(spec, command).joined(separator: " ")
    }

    // MARK: - Pieces

    /// The command at `path` and its name for messages; the root when `path` leads nowhere.
    private func resolve(_ path: [String]) -> (CommandSpec, CommandPath) {
        guard let spec = root.descendant(at: path) else {
            return (root, CommandPath(programName: root.name))
        }
        return (spec, CommandPath(programName: root.name, names: path))
    }

    /// The words of the synopsis: required options bare, optional ones in brackets, `...` after
    /// repeatable ones, then the positionals or `<command>` for a group.
    private func usageElements(_ spec: CommandSpec, _ command: CommandPath) -> [String] {
        var elements = [command.invocation]
        for option in spec.options {
            var element = option.spelling + (option.valueName.map { " " + $0 } ?? "")
            if option.isRepeatable { element += " ..." }
            elements.append(option.isRequired ? element : "[\(element)]")
        }
        for positional in spec.positionals {
            let element = "<\(positional.name)>" + (positional.isRepeatable ? " ..." : "")
            elements.append(positional.isRequired ? element : "[\(element)]")
        }
        if !spec.subcommands.isEmpty { elements.append("<command>") }
        return elements
    }

    /// One line of a section: a label and the units its explanation wraps by (words, and notes
    /// such as `(default: 1000)` that stay whole).
    private struct Row {
        var label: String
        var text: [String]
    }

    private func optionRows(_ spec: CommandSpec, isRoot: Bool) -> [Row] {
        var rows = spec.options.map { option in
            let names = (option.shortName.map { "-\($0), " } ?? "    ") + option.spelling
            var notes: [String] = []
            if option.isRequired { notes.append("(required)") }
            if let defaultValue = option.defaultValue { notes.append("(default: \(defaultValue))") }
            if option.isRepeatable { notes.append("(can be repeated)") }
            return Row(label: names + (option.valueName.map { " " + $0 } ?? ""), text: Self.words(option.help) + notes)
        }
        if isRoot, root.version != nil {
            rows.append(Row(label: "    --version", text: Self.words("Show the version.")))
        }
        rows.append(Row(label: "-h, --help", text: Self.words("Show help for this command.")))
        return rows
    }

    /// A titled list: each label indented by two, its text starting at `column` and wrapped there.
    private func section(_ title: String, _ rows: [Row], column: Int) -> String {
        var lines = [title]
        let padding = String(repeating: " ", count: column)
        for row in rows {
            let label = "  " + row.label
            let text = Self.wrap(row.text, width: width - column, indent: 0)
            if label.count + 2 <= column {
                lines.append(label + String(repeating: " ", count: column - label.count) + text[0])
            } else {
                lines.append(label)
                lines.append(padding + text[0])
            }
            lines += text.dropFirst().map { padding + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// A paragraph wrapped to the width; lines that start with a space (an example's command
    /// lines, after an `Example:` heading or on their own) are kept as written.
    private func paragraph(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.firstIndex { $0.hasPrefix(" ") } ?? lines.endIndex
        guard lines[kept...].allSatisfy({ $0.hasPrefix(" ") }) else {
            return Self.wrap(Self.words(text), width: width, indent: 0).joined(separator: "\n")
        }
        let prose = lines[..<kept].joined(separator: "\n")
        let wrapped = prose.isEmpty ? [] : Self.wrap(Self.words(prose), width: width, indent: 0)
        return (wrapped + lines[kept...].map(String.init)).joined(separator: "\n")
    }

    /// The paragraphs of `text`, which are separated by blank lines.
    private static func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .split(whereSeparator: { $0.allSatisfy(\.isWhitespace) })
            .map { $0.joined(separator: "\n") }
    }

    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// Fills lines with `elements` separated by spaces, up to `width` characters; lines after the
    /// first are indented by `indent`. An element longer than a line gets a line of its own.
    private static func wrap(_ elements: [String], width: Int, indent: Int) -> [String] {
        let padding = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = ""
        for element in elements {
            if line.isEmpty || line == padding {
                line += element
            } else if line.count + 1 + element.count <= width {
                line += " " + element
            } else {
                lines.append(line)
                line = padding + element
            }
        }
        lines.append(line)
        return lines
    }
}
