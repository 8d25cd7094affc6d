import Essentials

/// Every command the tool offers, as a tree under the program name.
enum CommandTable {
    /// The root of the tree. To add a command, list it here under its group (or add a group).
    static var root: CommandNode {
        .group(
            CommandSpec(
                name: InteractionMigrate.programName,
                summary: "Move interaction history between Genesys Cloud orgs.",
                version: InteractionMigrate.version),
            children: [
                .group(
                    CommandSpec(name: "bench", summary: "Measure the speed of the tool's building blocks."),
                    children: [
                        .command(BenchJSONCommand.self), .command(BenchEmulatorCommand.self), .command(BenchTransformCommand.self),
                        .command(BenchStateCommand.self), .command(BenchExportCommand.self), .command(BenchImportCommand.self),
                        .command(BenchAllCommand.self),
                    ]),
                .command(EmulatorCommand.self),
                .group(
                    CommandSpec(name: "orgs", summary: "Check the source and destination orgs."),
                    children: [.command(OrgsCheckCommand.self)]),
                .group(
                    CommandSpec(name: "mappings", summary: "Generate and check the mapping file of a migration."),
                    children: [.command(MappingsGenerateCommand.self), .command(MappingsCheckCommand.self)]),
                .command(ExportCommand.self),
                .command(TransformCommand.self),
                .command(ImportCommand.self),
                .command(RunCommand.self),
                .command(VerifyCommand.self),
                .command(StatusCommand.self),
                .command(DemoCommand.self),
            ])
    }
}
