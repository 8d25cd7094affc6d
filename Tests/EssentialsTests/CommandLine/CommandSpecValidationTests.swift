import Essentials
import Testing

@Suite("CommandSpec.problems")
struct CommandSpecValidationTests {
    @Test func exampleToolIsSound() {
        #expect(ExampleTool.root.problems() == [])
    }

    @Test func reportsEveryKindOfMistake() {
        let leaf = CommandSpec(
            name: "leaf",
            summary: "",
            version: "1.0",
            options: [
                .option("name", valueName: "NAME", help: "Shadows the group's option."),
                .flag("help", help: "Reserved."),
                .flag("force", short: "h", help: "Reserved short name."),
                .flag("all", short: "a", help: "First -a."),
                .flag("also", short: "a", help: "Second -a."),
                .flag("digit", short: "1", help: "Not a letter."),
                OptionSpec(name: "must", help: "Required flag.", isRequired: true),
                OptionSpec(name: "preset", help: "Flag with default.", defaultValue: "x"),
                .option("both", valueName: "X", help: "Required with default.", isRequired: true, defaultValue: "y"),
                .option("empty", valueName: "", help: "No value name."),
                .flag("two words", help: "Spaces."),
            ],
            positionals: [
                PositionalSpec("rest", help: "Repeatable first.", isRequired: false, isRepeatable: true),
                PositionalSpec("file", help: "Required after optional."),
            ])
        let group = CommandSpec(
            name: "group", summary: "A group.",
            options: [.option("name", valueName: "NAME", help: "The group's option.")],
            positionals: [PositionalSpec("stray", help: "Not allowed on a group.")],
            subcommands: [leaf, CommandSpec(name: "leaf", summary: "Twin."), CommandSpec(name: "--bad", summary: "Dash.")])
        let root = CommandSpec(
            name: "tool", summary: "A tool.", version: "1.0",
            options: [.flag("version", help: "Reserved at a root with a version.")],
            subcommands: [group])

        #expect(root.problems() == [
            "'tool': option '--version' is reserved by the parser",
            "'group': a command with subcommands cannot take positionals",
            "'group leaf': the summary is empty",
            "'group leaf': only the root may have a version",
            "'group leaf': option '--name' is declared twice on the path",
            "'group leaf': option '--help' is reserved by the parser",
            "'group leaf': short name '-h' of '--force' is reserved for help",
            "'group leaf': short name '-a' is declared twice",
            "'group leaf': short name '-1' of '--digit' is not a letter",
            "'group leaf': flag '--must' cannot be required",
            "'group leaf': flag '--preset' cannot have a default",
            "'group leaf': required option '--both' cannot have a default",
            "'group leaf': option '--empty' has an empty value name",
            "'group leaf': option '--two words' is not a single word",
            "'group leaf': repeatable positional '<rest>' is not the last one",
            "'group leaf': required positional '<file>' follows an optional one",
            "'group': subcommand 'leaf' is declared twice",
            "'group --bad': the name '--bad' is not a single word",
        ])
    }
}
