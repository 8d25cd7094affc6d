import Essentials

/// What `verify` found for one window of the migration.
public struct VerifyWindowResult: Sendable, Equatable {
    /// Where the window stands.
    public enum Status: Sendable, Equatable {
        /// The destination holds exactly the window's transformed records, once each.
        case matched
        /// The destination's records differ from the transformed ones (see ``comparison``).
        case differs
        /// The window could not be compared, for the reason given (the fix included).
        case notChecked(String)
    }

    public var window: String
    public var status: Status
    /// The comparison, for a window that was compared.
    public var comparison: ExternalIdComparison?

    public init(window: String, status: Status, comparison: ExternalIdComparison? = nil) {
        self.window = window
        self.status = status
        self.comparison = comparison
    }

    /// The result of a window that was compared.
    public init(window: String, comparison: ExternalIdComparison) {
        self.init(window: window, status: comparison.isExact ? .matched : .differs, comparison: comparison)
    }

    /// Why the window was not compared, if it wasn't.
    public var notCheckedReason: String? {
        if case .notChecked(let reason) = status { return reason }
        return nil
    }

    /// The result as JSON, for the report and `--json`.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["window"] = .string(window)
        switch status {
        case .matched: object["status"] = "matched"
        case .differs: object["status"] = "differs"
        case .notChecked(let reason):
            object["status"] = "notChecked"
            object["reason"] = .string(reason)
        }
        if let comparison {
            for member in comparison.jsonValue.objectValue ?? JSONObject() { object[member.key] = member.value }
        }
        return .object(object)
    }
}
