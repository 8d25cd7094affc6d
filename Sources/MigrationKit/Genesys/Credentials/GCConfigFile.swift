import Essentials
#if canImport(Glibc)
import Glibc
#endif

/// The configuration file of the official Genesys Cloud CLI (`gc`), `~/.gc/config.toml`: one
/// TOML table per profile, each with the OAuth client (`client_credentials`, `client_secret`)
/// and the org's `environment` (a region or its domain).
///
/// gc writes more keys (`grant_type`, `logging_enabled`, `access_token`, proxy settings, ...);
/// they are read as TOML and ignored. The file holds secrets: printing or dumping a value of
/// this type shows the path and the profile names only.
public struct GCConfigFile: Sendable, CustomStringConvertible, CustomReflectable {
    /// Where gc keeps the file, below the home folder.
    public static let defaultRelativePath = ".gc/config.toml"

    /// The file's path, as given.
    public let path: String
    /// The file's permission bits (`0o600`), or nil when they could not be read.
    public let mode: UInt32?
    private let document: TOMLSubsetDocument

    /// Reads and parses the file at `path`.
    ///
    /// - Throws: ``CredentialsError/configFileMissing(path:)``,
    ///   ``CredentialsError/configFileUnreadable(path:_:)`` or
    ///   ``CredentialsError/configFileInvalid(path:_:)``.
    public static func load(path: String) throws(CredentialsError) -> GCConfigFile {
        let read: [UInt8]?
        do {
            read = try FileContents.readIfPresent(path: path)
        } catch {
            throw .configFileUnreadable(path: path, error)
        }
        guard let bytes = read else { throw .configFileMissing(path: path) }
        return try GCConfigFile(path: path, bytes: bytes, mode: permissionBits(of: path))
    }

    /// A file of `bytes` as if read from `path`, with permission bits `mode`.
    ///
    /// - Throws: ``CredentialsError/configFileInvalid(path:_:)``.
    public init(path: String, bytes: [UInt8], mode: UInt32? = nil) throws(CredentialsError) {
        self.path = path
        self.mode = mode
        do {
            document = try TOMLSubsetParser.parse(bytes)
        } catch {
            throw .configFileInvalid(path: path, error)
        }
    }

    /// The `path` under `home` where gc keeps the file: `<home>/.gc/config.toml`.
    public static func defaultPath(home: String) -> String {
        var base = Substring(home)
        while base.count > 1, base.hasSuffix("/") { base = base.dropLast() }
        return base == "/" ? "/" + defaultRelativePath : "\(base)/\(defaultRelativePath)"
    }

    /// The profiles (table names), in the order of the file.
    public var profileNames: [String] { document.tableNames }

    /// Whether users other than the owner may read the file (group or others have read
    /// permission); gc writes it `0600`.
    public var isReadableByOthers: Bool {
        guard let mode else { return false }
        return mode & 0o044 != 0
    }

    /// A warning to show when ``isReadableByOthers``; nil otherwise.
    public var permissionWarning: String? {
        guard isReadableByOthers, let mode else { return nil }
        return "\(path) can be read by other users (mode 0\(String(mode & 0o777, radix: 8))) and holds OAuth client secrets; "
            + "restrict it with 'chmod 600 \(path)', as gc does"
    }

    /// The profile `name` for the org on `role`'s side, with its client id and secret checked.
    ///
    /// Profile names are matched exactly, else ignoring case when that finds one (gc lower-cases
    /// them when it writes the file). `environment` is checked only when it is used, by
    /// ``GCProfile/endpoint()``, since `--source-api` and the like take its place.
    ///
    /// - Throws: ``CredentialsError/profileNotFound(path:profile:known:role:)`` listing the
    ///   profiles, or, naming the key and never its value,
    ///   ``CredentialsError/profileKeyMissing(path:profile:key:role:)``,
    ///   ``CredentialsError/profileKeyEmpty(path:profile:key:role:)`` and
    ///   ``CredentialsError/profileKeyNotString(path:profile:key:line:found:role:)``.
    public func profile(named name: String, role: OrgRole) throws(CredentialsError) -> GCProfile {
        guard let table = table(named: name) else {
            throw .profileNotFound(path: path, profile: name, known: profileNames, role: role)
        }
        func string(_ key: String, required: Bool) throws(CredentialsError) -> String? {
            guard let entry = table.entry(key) else {
                if required { throw .profileKeyMissing(path: path, profile: table.name, key: key, role: role) }
                return nil
            }
            guard let text = entry.value.stringValue else {
                throw .profileKeyNotString(path: path, profile: table.name, key: key, line: entry.line, found: entry.value.kind, role: role)
            }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if required, trimmed.isEmpty { throw .profileKeyEmpty(path: path, profile: table.name, key: key, role: role) }
            return trimmed
        }
        let clientId = try string("client_credentials", required: true) ?? ""
        let secret = try string("client_secret", required: true) ?? ""
        let environment = try string("environment", required: false)
        let credentials = OrgCredentials(clientId: clientId, clientSecret: Secret(secret),
                                         origin: "client_credentials/client_secret of profile '\(table.name)' in \(path)")
        return GCProfile(name: table.name, path: path, role: role, credentials: credentials, environment: environment)
    }

    private func table(named name: String) -> TOMLSubsetTable? {
        if let exact = document.table(named: name) { return exact }
        let folded = document.tables.filter { $0.name.lowercased() == name.lowercased() }
        return folded.count == 1 ? folded[0] : nil
    }

    /// The permission bits of the file at `path`, or nil when `stat` fails.
    private static func permissionBits(of path: String) -> UInt32? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return UInt32(status.st_mode) & 0o7777
    }

    /// `gc configuration <path> (profiles: a, b)`; never a value.
    public var description: String {
        "gc configuration \(path) (profiles: \(profileNames.joined(separator: ", ")))"
    }

    /// A mirror with only the path and the profile names.
    public var customMirror: Mirror {
        Mirror(self, children: ["path": path, "profiles": profileNames], displayStyle: .struct)
    }
}
