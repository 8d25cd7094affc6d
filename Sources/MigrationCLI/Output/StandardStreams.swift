import Foundation

/// The process's standard output and standard error.
///
/// Each write goes straight to the file descriptor, without buffering, so a progress line shows
/// at once and output interleaves in the order it was written. Write failures (a closed pipe)
/// are ignored: there is nowhere left to report them.
struct StandardStreams: OutputSink {
    func standardOutput(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }

    func standardError(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    var standardErrorIsTerminal: Bool { isatty(2) != 0 }
}
