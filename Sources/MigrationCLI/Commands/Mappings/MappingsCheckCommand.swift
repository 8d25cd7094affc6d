import Essentials
import MigrationKit

/// `mappings check`: every destination id in the mapping file still exists in the destination.
enum MappingsCheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        summary: "Check that every destination id in mappings/NAME.json still exists in the destination org.",
        discussion: """
            Exit 0 when all do, 3 when some are stale (listed).

            Example:

              interaction-migrate mappings check --name acme --dest-region eu-west-1
            """,
        options: [
            .option("name", valueName: "NAME", help: "The migration's name: the file is mappings/NAME.json.", isRequired: true),
            .option("workspace", valueName: "DIR", help: "Folder holding mappings/ and state/.", defaultValue: "."),
        ] + OrgOptions.options(for: [.dest]))

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        let file = try MappingFile.read(path: workspace.mappingFile)
        let client = try OrgOptions.client(.dest, parsed, context: context)
        let identity = try await client.organization()
        let destination = try await OrgDirectory.fetch(using: client, identity: identity)
        let result = MappingChecker.check(file: file, destination: destination)
        for finding in result.findings { context.print(finding) }
        if result.isClean {
            context.print("every destination id in \(workspace.mappingFile) exists in \(identity.name) (\(identity.id))")
            return .success
        }
        context.print("\(result.findings.count) to fix in \(workspace.mappingFile), then run 'interaction-migrate mappings check --name \(workspace.name)' again")
        return .needsAttention
    }
}
