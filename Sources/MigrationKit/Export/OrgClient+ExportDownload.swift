extension OrgClient {
    /// The export's download of `url`, streamed to `body` chunk by chunk as it arrives
    /// (``download(url:into:)``): never held whole in memory.
    func exportDownload(url: String, into body: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) async throws {
        _ = try await download(url: url, into: body)
    }
}
