/// A demo step that didn't end the way the walkthrough needs.
struct DemoFailure: Error, CustomStringConvertible {
    var step: String
    var reason: String

    init(step: String, reason: String) {
        self.step = step
        self.reason = reason
    }

    init(step: String, status: Int32) {
        self.init(step: step, reason: "it exited with status \(status) (its output is above)")
    }

    var description: String {
        "the demo stopped at '\(step)': \(reason). This is a bug in the tool or the emulator: please report it with the output above"
    }
}
