import Essentials
import Foundation
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
            when every record was carried over, 3 when records were rejected or unmapped references \
            block windows.
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
            .option("on-unmapped", valueName: "MODE", help: "fail (report, write nothing for affected windows) or skip-record.", defaultValue: "fail"),
            .option("fallback-wrapup-code", valueName: "NAME", help: "Send unmapped wrap-up codes to the destination code of this name."),
            .option("memory-budget", valueName: "MB", help: "Memory for sorting a window; larger windows sort on disk.", defaultValue: "256"),
        ] + OrgOptions.options(for: [.dest]))

    static func run(_ parsed: ParsedCommand, context: CommandContext) async throws -> ExitCode {
        let policy: UnmappedPolicy
        switch parsed.value("on-unmapped") ?? "fail" {
        case "fail": policy = .fail
        case "skip-record": policy = .skipRecord
        default: throw parsed.invalidValue("on-unmapped", expected: "fail or skip-record")
        }
        let budget = try parsed.int("memory-budget", default: 256, in: 16...1_048_576) << 20
        if parsed.value("in") != nil {
            if parsed.value("name") != nil { throw parsed.invalidValue("name", expected: "either --name or --in/--out, not both") }
            return try standalone(parsed, context: context, policy: policy, budget: budget)
        }
        guard parsed.value("name") != nil else {
            throw CommandLineError.missingRequiredOption("--name' or '--in", command: parsed.command)
        }
        return try await named(parsed, context: context, policy: policy, budget: budget)
    }

    // MARK: - On files

    private static func standalone(_ parsed: ParsedCommand, context: CommandContext, policy: UnmappedPolicy, budget: Int) throws -> ExitCode {
        let input = try parsed.requiredValue("in")
        let output = try parsed.requiredValue("out")
        let mapping = try MappingFile.read(path: try parsed.requiredValue("mapping"))
        let sourceOrgId = try parsed.requiredValue("source-org-id")
        let fields = try parsed.value("dest-schema-fields").map(TransformInputs.schemaFields(fromFile:))
        let fallback = try parsed.value("fallback-wrapup-code").map { try TransformInputs.fallbackWrapupCode(named: $0, in: mapping) }
        let rules = TransformRules(sourceOrgId: sourceOrgId, mapping: mapping, destinationFields: fields, fallbackWrapupCode: fallback)
        let base = output.hasSuffix(".jsonl") ? String(output.dropLast(6)) : output
        let folder = (output as NSString).deletingLastPathComponent
        let files = WindowTransform.Files(input: input, output: output, rejects: base + ".rejects.jsonl",
                                          temporaryFolder: folder.isEmpty ? "." : folder)
        guard FileManager.default.fileExists(atPath: input) else {
            throw FileError.cannotOpen(path: input, errno: ENOENT)
        }
        var clock = Stopwatch()
        let result = try WindowTransform(rules: rules, policy: policy, memoryBudget: budget).run(files)
        let seconds = clock.lap()
        TransformSettings.printWindow(input, result, seconds: seconds, context: context)
        return try TransformSettings.finish(report: result.unmapped, drift: result.drift, rejected: result.invalidRecords + (policy == .skipRecord ? result.unmappedRecords : 0),
                                            blocked: policy == .fail && !result.unmapped.isEmpty, reportBase: base, rejectsHint: files.rejects, context: context)
    }

    // MARK: - A named migration

    private static func named(_ parsed: ParsedCommand, context: CommandContext, policy: UnmappedPolicy, budget: Int) async throws -> ExitCode {
        let workspace = try MigrationWorkspace(root: parsed.value("workspace") ?? ".", name: try parsed.requiredValue("name"))
        let mapping = try MappingFile.read(path: workspace.mappingFile)
        let mappingSHA = try SHA256.hashFile(atPath: workspace.mappingFile).hex
        let state = try StateStore(path: workspace.stateFile)
        let fields = try await TransformSettings.destinationFields(parsed, state: state, context: context)
        let fallback = try parsed.value("fallback-wrapup-code").map { try TransformInputs.fallbackWrapupCode(named: $0, in: mapping) }
        let rules = TransformRules(sourceOrgId: mapping.source.orgId, mapping: mapping, destinationFields: fields, fallbackWrapupCode: fallback)
        let exportFolder = workspace.stateFolder + "/export"
        let windows = ((try? FileManager.default.contentsOfDirectory(atPath: exportFolder)) ?? [])
            .filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }.sorted()
        guard !windows.isEmpty else {
            throw TransformSettings.Problem.noWindows(folder: exportFolder)
        }
        let transform = WindowTransform(rules: rules, policy: policy, memoryBudget: budget)
        let settings = "\(policy == .fail ? "fail" : "skip-record")|\(fallback?.id ?? "")|\((fields ?? []).sorted().joined(separator: ","))"
        var report = UnmappedReport()
        var drift = SchemaDriftReport()
        var rejected = 0
        var blocked = false
        for window in windows {
            let name = String(window.dropLast(6))
            let files = WindowTransform.Files(
                input: "\(exportFolder)/\(window)", output: "\(workspace.stateFolder)/transformed/\(window)",
                rejects: "\(workspace.stateFolder)/rejects/\(window)", temporaryFolder: workspace.stateFolder)
            let previous = await state.section("transform")["windows"]?[name]
            if let previous, previous["mappingSHA256"]?.stringValue == mappingSHA, previous["settings"]?.stringValue == settings,
               let outputSHA = previous["outputSHA256"]?.stringValue,
               FileManager.default.fileExists(atPath: files.output),
               (try? SHA256.hashFile(atPath: files.output).hex) == outputSHA,
               previous["inputSHA256"]?.stringValue == (try SHA256.hashFile(atPath: files.input).hex) {
                context.print("\(name): unchanged since the last transform, skipped")
                continue
            }
            var clock = Stopwatch()
            let result = try transform.run(files)
            TransformSettings.printWindow(name, result, seconds: clock.lap(), context: context)
            report.merge(result.unmapped)
            drift.merge(result.drift)
            rejected += result.invalidRecords + (policy == .skipRecord ? result.unmappedRecords : 0)
            blocked = blocked || (policy == .fail && !result.unmapped.isEmpty)
            let record = TransformSettings.windowState(result, mappingSHA: mappingSHA, settings: settings)
            try await state.updateSection("transform") { section in
                var windowsState = section["windows"]?.objectValue ?? JSONObject()
                windowsState[name] = record
                section["windows"] = .object(windowsState)
            }
        }
        try FileManager.default.createDirectory(atPath: workspace.stateFolder + "/reports", withIntermediateDirectories: true)
        return try TransformSettings.finish(report: report, drift: drift, rejected: rejected, blocked: blocked,
                                            reportBase: workspace.stateFolder + "/reports/transform", rejectsHint: workspace.stateFolder + "/rejects/", context: context)
    }
}
