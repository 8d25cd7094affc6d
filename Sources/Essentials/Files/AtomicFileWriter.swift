/// Replaces a file's content in one step: readers see the old file or the new one, never a mix.
///
/// Each call goes through an `AtomicFileOutput`: missing parent folders are created with mode
/// 0700, the bytes go to a temporary file (mode 0600) in the target's folder, which is fsynced and
/// renamed over the target, and then the folder is fsynced. On failure the temporary file is
/// removed and the target is left as it was (except for `FileError.folderSyncFailed`, reported
/// after the rename). For output too large to hold in memory, use `AtomicFileOutput` directly.
public enum AtomicFileWriter {
    /// Atomically replaces the content of the file at `path` with `bytes`, creating it if needed.
    ///
    /// - Throws: `FileError`; see the type's documentation for what is left behind.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let output = try AtomicFileOutput(path: path)
        try output.writeUnbuffered(bytes)
        try output.commit()
    }

    /// Atomically replaces the content of the file at `path` with `bytes`, creating it if needed.
    ///
    /// Contiguous collections (`[UInt8]`, `Data`, ...) are written in place; other sequences are
    /// first collected into an array.
    public static func write(_ bytes: some Sequence<UInt8>, to path: String) throws {
        let done: Void? = try bytes.withContiguousStorageIfAvailable { buffer in
            try write(UnsafeRawBufferPointer(buffer), to: path)
        }
        if done == nil {
            try Array(bytes).withUnsafeBytes { try write($0, to: path) }
        }
    }

    /// Atomically replaces the content of the file at `path` with the UTF-8 encoding of `string`.
    public static func write(_ string: String, to path: String) throws {
        var string = string
        try string.withUTF8 { try write(UnsafeRawBufferPointer($0), to: path) }
    }
}
