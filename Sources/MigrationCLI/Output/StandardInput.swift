import Foundation

/// The process's standard input.
public struct StandardInput: InputSource {
    public init() {}

    public var isTerminal: Bool { isatty(0) != 0 }

    public func readLine() -> String? { Swift.readLine(strippingNewline: true) }
}
