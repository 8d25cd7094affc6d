import Essentials
import MigrationKit

/// `transform`: exported windows into import-ready records, for a named migration or on files.
enum TransformCommand: Command {
    static let spec = CommandSpec(
        name: "transform",
        summary: "Strip immutable fields and remap queue, flow and wrap-up code ids of exported records.",
        discussion: """
            With --name, reads state/NAME/export/*.jsonl and mappings/NAME.json and writes \
            state/NAME/transformed/, state/NAME/rejects/ and state/NAME/reports/; windows whose input \
            and mapping are unchanged are skipped. With --in/--out it works on files alone, with no \
            org access. Output is one canonical JSON record per line, sorted by externalId. Exit 0 \
            when every record was carried over, 3 when records were rejected (now or by an earlier \
            run of a skipped window) or unmapped references block windows. A Genesys Cloud \
            destination has no schema list to fetch: give its top-level field names with \
            --dest-schema-fields FILE.

            Example:

              interaction-migrate transform --name acme --dest-region eu-west-1
              interaction-migrate transform --name acme --on-unmapped skip-record \\
                --fallback-wrapup-code "Other"
              interaction-migrate transform --in export.jsonl --out ready.jsonl \\
                --mapping mappings/acme.json --source-org-id SOURCE_ORG_ID
            """,
        options: [
            .option("name", valueName: "NAME", help: "The migration's name."),
            .option("workspace", valueName: "DIR", help: "Folder holding mappings/ and state/.", defaultValue: "."),
            .option("in", valueName: "FILE", help: "Standalone: a JSON Lines file of exported records."),
            .option("out", valueName: "FILE", help: "Standalone: where to write the transformed records."),
            .option("mapping", valueName: "FILE", help: "Standalone: the mapping file."),
            .option("source-org-id", valueName: "ID", help: "Standalone: the source org's id, for externalId."),
            .option("dest-schema-fields", valueName: "FILE", help: "A JSON array of the destination's top-level field names."),
            .option("schema-version", valueName: "VERSION", help: "Destination schema version to fetch fields of.", defaultValue: "v2.1"),
        ] + phaseOptions + OrgOptions.options(for: [.dest]))

    /// The options that say how to transform, shared with `run`.
    static let phaseOptions: [OptionSpec] = [
        .option("on-unmapped", valueName: "MODE", help: "fail (report, write nothing for affected windows) or skip-record.", defaultValue: "fail"),
        .option("fallback-wrapup-code", valueName: "NAME", help: "Send unmapped wrap-up codes to the destination code of this name."),
        .option("memory-budget", valueName: "MB", help: "Memory for sorting a window; larger windows sort on disk.", defaultValue: "256"),
    ]

    /// The unmapped policy and the sort memory from the command line.
    static func policy(_ parsed: ParsedCommand) throws -> (UnmappedPolicy, memoryBudget: Int) {
        guard let policy = UnmappedPolicy(rawValue: parsed.value("on-unmapped") ?? "fail") else {
            throw parsed.invalidValue("on-unmapped", expected: "fail or skip-record")
        }
        return (policy, try parsed.int("memory-budget", default: 256, in: 16...1_048_576) << 20)
    }

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let (policy, budget) = try policy(parsed)
        if parsed.value("in") != nil {
            if parsed.value("name") != nil { throw parsed.invalidValue("name", expected: "either --name or --in/--out, not both") }
            let transform = FileTransform(
                input: try parsed.requiredValue("in"), output: try parsed.requiredValue("out"),
                mappingFile: try parsed.requiredValue("mapping"), sourceOrgId: try parsed.requiredValue("source-org-id"),
                fieldsFile: parsed.value("dest-schema-fields"), policy: policy,
                fallbackWrapupCode: parsed.value("fallback-wrapup-code"), memoryBudget: budget)
            let summary = try await transform.run()
            for outcome in summary.windows { context.print(TransformReport.line(outcome)) }
            return TransformReport.finish(summary, mappingName: nil, context: context)
        }
        guard parsed.value("name") != nil else {
            throw CommandLineError.missingRequiredOption("--name' or '--in", command: parsed.command)
        }
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        let schema: SchemaSource
        if let file = parsed.value("dest-schema-fields") {
            schema = .fieldsFile(file)
        } else {
            let named = parsed.value("dest-region") != nil || parsed.value("dest-api") != nil
            schema = .destination(version: parsed.value("schema-version") ?? "v2.1",
                                  client: named ? try OrgOptions.client(.dest, parsed, context: context) : nil)
        }
        let phase = TransformPhase(workspace: workspace, options: .init(
            policy: policy, fallbackWrapupCode: parsed.value("fallback-wrapup-code"), memoryBudget: budget, schema: schema))
        let store = try StateStore(workspace)
        let summary: TransformSummary
        do {
            summary = try await phase.run(store: store) { event in
                switch event {
                case .schemaFetched(let schema):
                    context.printError("destination schema \(schema.version): \(schema.fields.count) top-level fields, kept in the state file")
                case .windowFinished(let outcome):
                    context.print(TransformReport.line(outcome))
                }
            }
        } catch {
            try? await store.close()  // What was recorded stays recorded.
            throw error
        }
        try await store.close()
        return TransformReport.finish(summary, mappingName: workspace.name, context: context)
    }
}
