extension OrgClient {
    /// The export's download of `url`, handed to `body` chunk by chunk.
    func exportDownload(url: String, into body: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) async throws {
        let downloaded = try await download(url: url)
        try downloaded.body.withUnsafeBytes { try body($0) }
    }
}
