import MigrationKit

/// The test-only pause variable holds something that isn't a list of pauses.
struct ImportTestPausesError: Error, CustomStringConvertible, ExitCodeProviding {
    var text: String
    var variable: String

    var description: String {
        "\(variable)='\(text)' is not a list of POINT=SECONDS with POINT one of \(ImportTestPauses.points.joined(separator: ", ")); unset it (it is for tests only)"
    }

    var exitStatus: ExitCode { .usage }
}
