import Essentials
import Foundation
import MigrationKit

/// `mappings generate`: name-matched mapping file from both orgs' queues, flows and wrap-up codes.
enum MappingsGenerateCommand: Command {
    static let spec = CommandSpec(
        name: "generate",
        summary: "Match queues, flows and wrap-up codes by name in both orgs and write mappings/NAME.json.",
        discussion: """
            Exact names match first, then names equal after Unicode NFKC, case folding and whitespace \
            clean-up; flows match only within their type. Decisions an admin made in the file (a \
            destinationId with "match": "manual", or "match": "excluded") are kept when their ids \
            still exist. Exit 0 when every source entity is resolved, 3 when some are ambiguous or \
            unmatched (the file is written either way).

            Example:

              interaction-migrate mappings generate --name acme --source-region us-east-1 \\
                --dest-region eu-west-1
            """,
        options: [
            .option("name", valueName: "NAME", help: "The migration's name: the file is mappings/NAME.json.", isRequired: true),
            .option("workspace", valueName: "DIR", help: "Folder holding mappings/ and state/.", defaultValue: "."),
        ] + OrgOptions.options(for: [.source, .dest]))

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        // A hand-broken previous file is reported before any org is asked anything.
        let previous = FileManager.default.fileExists(atPath: workspace.mappingFile) ? try MappingFile.read(path: workspace.mappingFile) : nil
        let pair = try await OrgPair.connect(source: try OrgOptions.client(.source, parsed, context: context),
                                             destination: try OrgOptions.client(.dest, parsed, context: context))
        context.printError("source:      \(pair.sourceIdentity.name) (\(pair.sourceIdentity.id))")
        context.printError("destination: \(pair.destinationIdentity.name) (\(pair.destinationIdentity.id))")
        async let sourceDirectory = OrgDirectory.fetch(using: pair.source, identity: pair.sourceIdentity)
        async let destinationDirectory = OrgDirectory.fetch(using: pair.destination, identity: pair.destinationIdentity)
        let (source, destination) = try await (sourceDirectory, destinationDirectory)
        let generation = MappingGenerator.generate(source: source, destination: destination, previous: previous, generatedAt: ISOTimestamp.now())
        try generation.file.write(to: workspace.mappingFile)
        context.print(generation.summary.table())
        for kind in MappingKind.allCases {
            let names = generation.summary.destinationOnlyNames(kind)
            if !names.isEmpty { context.print("destination-only \(kind): \(names.joined(separator: ", "))") }
        }
        for dropped in generation.droppedDecisions {
            context.print("dropped decision: \(dropped)")
        }
        context.print("wrote \(workspace.mappingFile)")
        if generation.summary.isResolved {
            return .success
        }
        context.printError("some source entities are ambiguous or unmatched: edit \(workspace.mappingFile) (set \"destinationId\" with \"match\": \"manual\", or \"match\": \"excluded\"), then run 'mappings check'")
        return .needsAttention
    }
}
