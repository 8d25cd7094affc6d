import Essentials
import Testing

@testable import MigrationCLI

@Suite("InteractionMigrate: the top-level error report")
struct ErrorReportingTests {
    struct DescribedError: Error, CustomStringConvertible {
        var description: String { "mapping file 'x.json' is not valid JSON at line 3; fix it and run again" }
    }

    struct DataError: Error, CustomStringConvertible, ExitCodeProviding {
        var description: String { "export of 2024-01-15 has 9 records, the job said 10; run export again" }
        var exitStatus: ExitCode { .dataError }
    }

    enum UndescribedError: Error { case surprise(Int) }

    func report(_ error: any Error) -> (status: ExitCode, standardError: String, standardOutput: String) {
        let output = CapturedOutput()
        let status = InteractionMigrate.report(error, context: CommandContext(output: output))
        return (status, output.standardErrorText, output.standardOutputText)
    }

    @Test func describedErrorPrintsItsDescriptionAndFails() {
        let result = report(DescribedError())
        #expect(result.status == .failure)
        #expect(result.standardError == "error: mapping file 'x.json' is not valid JSON at line 3; fix it and run again\n")
        #expect(result.standardOutput == "")
    }

    @Test func errorWithItsOwnStatusKeepsIt() {
        let result = report(DataError())
        #expect(result.status == .dataError)
        #expect(result.standardError == "error: export of 2024-01-15 has 9 records, the job said 10; run export again\n")
    }

    @Test func commandLineErrorAddsItsHint() {
        let error = CommandLineError.missingRequiredOption(
            "--name", command: CommandPath(programName: "interaction-migrate", names: ["mappings", "generate"]))
        let result = report(error)
        #expect(result.status == .usage)
        #expect(result.standardError == """
            error: missing required option '--name' for 'mappings generate'
            see 'interaction-migrate mappings generate --help'

            """)
    }

    @Test func internalErrorAsksForABugReport() {
        let result = report(InternalError.unimplementedCommand(CommandPath(programName: "interaction-migrate", names: ["x"])))
        #expect(result.status == .internalError)
        #expect(result.standardError == "error: internal error: 'x' is declared but has no implementation; please report this as a bug\n")
    }

    @Test func undescribedErrorIsReportedAsABug() {
        let result = report(UndescribedError.surprise(7))
        #expect(result.status == .internalError)
        #expect(result.standardError.hasPrefix("error: internal error: "))
        #expect(result.standardError.contains("UndescribedError.surprise(7)"))
        #expect(result.standardError.hasSuffix("; please report this as a bug\n"))
        #expect(!result.standardError.contains("could not be completed"))
    }

    @Test func cancellationIsNotABug() {
        let result = report(CancellationError())
        #expect(result.status == .failure)
        #expect(result.standardError == "error: cancelled before the command finished\n")
    }

    @Test func exitStatusNumbers() {
        #expect(ExitCode.success.rawValue == 0)
        #expect(ExitCode.failure.rawValue == 1)
        #expect(ExitCode.needsAttention.rawValue == 3)
        #expect(ExitCode.usage.rawValue == 64)
        #expect(ExitCode.dataError.rawValue == 65)
        #expect(ExitCode.internalError.rawValue == 70)
    }
}
