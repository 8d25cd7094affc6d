import Foundation

extension WindowTransform {
    /// Runs the window as ``run(_:)`` does, on a thread of its own, so that its waiting (for its
    /// workers and its hashing thread) never holds a thread of Swift's cooperative pool.
    public func runOnOwnThread(_ files: Files) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let thread = Thread {
                continuation.resume(with: Swift.Result { try self.run(files) })
            }
            thread.name = "transform \(files.input)"
            thread.start()
        }
    }
}
