import Essentials

/// The SHA-256 of an export file, taken on a thread of its own while the file is written
/// (``BackgroundSHA256``), as text.
final class SHA256Pipe {
    private let hasher = BackgroundSHA256()

    func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bytes) }

    /// The digest as 64 hexadecimal digits. Call once.
    func finalize() -> String { hasher.finalize().hex }
}
