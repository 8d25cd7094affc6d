import MigrationKit

extension VerifyPhaseError: ExitCodeProviding {
    /// Nothing transformed: no input (66). A damaged transformed file or destination export: a
    /// data error (65). The source as destination or an unknown source: configuration errors
    /// (78). A verification folder that can't be cleared: an I/O error (74).
    public var exitStatus: ExitCode {
        switch self {
        case .nothingTransformed: return .noInput
        case .badTransformedRecord, .badDestinationRecord: return .dataError
        case .unknownSourceOrg, .sameOrg: return .configuration
        case .cannotClearVerificationFolder: return .ioError
        }
    }
}
