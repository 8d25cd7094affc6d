import Essentials
import Foundation

/// An emulator configuration file: the orgs to serve instead of the default pair.
///
/// ```json
/// {"orgs": [
///   {"name": "source", "orgName": "Acme Prod", "seed": 7, "records": 1000, "days": 7,
///    "from": "2024-01-01", "schemaVersions": ["v2.1", "v2.2"],
///    "knobs": {"rateLimit": 300, "rateWindowSeconds": 60, "tokenTtlSeconds": 86399,
///              "jobLatencyMs": 200, "jobLatencyPerRecordMs": 0.01, "downloadTtlSeconds": 300,
///              "fault503": 0, "faultDrop": 0, "faultTruncate": 0, "stormEverySeconds": 30,
///              "pageSizeCap": 500, "dataAvailabilityLagSeconds": 0, "servesInteractionExport": true,
///              "failJobsShare": 0}},
///   {"name": "destination", "orgName": "Acme EU", "records": 0, "schemaVersions": ["v2.1"]}
/// ]}
/// ```
/// Every field but `name` is optional; missing ones take the command line's values. Each org's
/// content is generated from the default company description with its own seed.
public enum EmulatorConfigFile {
    /// Why a configuration file was refused.
    public struct Problem: Error, CustomStringConvertible {
        public var path: String
        public var location: String
        public var reason: String
        /// Whether the file could not be read at all (missing, unreadable, a folder), rather
        /// than read and found wrong.
        public var cannotRead = false
        public var description: String {
            "emulator configuration \(path): \(location): \(reason); fix the file or run without --config for the default pair"
        }
    }

    /// The orgs of the file at `path`.
    public static func load(path: String, defaults: EmulatorSetup) throws -> [Emulator.OrgDefinition] {
        let bytes: [UInt8]
        do { bytes = try FileContents.read(path: path) } catch {
            throw Problem(path: path, location: "the file", reason: "\(error)", cannotRead: true)
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw Problem(path: path, location: "the file", reason: "\(error)")
        }
        return try definitions(from: value, path: path, defaults: defaults)
    }

    /// The orgs of an already parsed configuration.
    public static func definitions(from value: JSONValue, path: String, defaults: EmulatorSetup) throws -> [Emulator.OrgDefinition] {
        guard let orgs = value["orgs"]?.arrayValue, !orgs.isEmpty else {
            throw Problem(path: path, location: "top level", reason: "expected an object with a non-empty \"orgs\" array")
        }
        var names = Set<String>()
        return try orgs.enumerated().map { index, entry in
            let at = "orgs[\(index)]"
            guard let object = entry.objectValue else { throw Problem(path: path, location: at, reason: "expected an object") }
            guard let label = object["name"]?.stringValue, !label.isEmpty else {
                throw Problem(path: path, location: "\(at).name", reason: "a non-empty string is required")
            }
            guard names.insert(label).inserted else {
                throw Problem(path: path, location: "\(at).name", reason: "\"\(label)\" is used by another org")
            }
            func int(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
                guard let v = object[key] else { return fallback }
                guard let i = v.intValue, range.contains(Int(i)) else {
                    throw Problem(path: path, location: "\(at).\(key)", reason: "expected a whole number in \(range.lowerBound)...\(range.upperBound)")
                }
                return Int(i)
            }
            let seed = UInt64(try int("seed", Int(truncatingIfNeeded: defaults.seed) &+ index, 0...Int.max))
            let records = try int("records", defaults.records, 0...10_000_000)
            let days = try int("days", defaults.days, 1...3660)
            var from = defaults.from
            if let text = object["from"] {
                guard let s = text.stringValue, let t = ISOTimestamp(s) else {
                    throw Problem(path: path, location: "\(at).from", reason: "expected a date as \"YYYY-MM-DD\"")
                }
                from = t
            }
            var versions = ["v2.1"]
            if let list = object["schemaVersions"] {
                guard let strings = list.arrayValue?.compactMap(\.stringValue), !strings.isEmpty,
                      strings.count == list.arrayValue?.count, strings.allSatisfy({ $0 == "v2.1" || $0 == "v2.2" }) else {
                    throw Problem(path: path, location: "\(at).schemaVersions", reason: "expected a non-empty array of \"v2.1\" and/or \"v2.2\"")
                }
                versions = strings
            }
            let orgName = object["orgName"]?.stringValue ?? label
            let knobs = try self.knobs(object["knobs"], defaults: defaults.knobs, path: path, at: "\(at).knobs")
            let content = ContentGenerator.org(name: orgName, seed: seed, description: .acme, interactionCount: records,
                                               from: from, days: days, schemaVersions: versions)
            let credentials = Emulator.credentials(seed: seed &+ 0x51)
            return Emulator.OrgDefinition(label: label, content: content, clientId: credentials.clientId,
                                          clientSecret: credentials.clientSecret, knobs: knobs, seed: seed)
        }
    }

    private static func knobs(_ value: JSONValue?, defaults: OrgKnobs, path: String, at: String) throws -> OrgKnobs {
        guard let value else { return defaults }
        guard let object = value.objectValue else { throw Problem(path: path, location: at, reason: "expected an object") }
        var knobs = defaults
        let known: Set<String> = ["rateLimit", "rateWindowSeconds", "tokenTtlSeconds", "jobLatencyMs", "jobLatencyPerRecordMs",
                                  "downloadTtlSeconds", "fault503", "faultDrop", "faultTruncate", "stormEverySeconds", "pageSizeCap",
                                  "dataAvailabilityLagSeconds", "servesInteractionExport", "failJobsShare"]
        for member in object where !known.contains(member.key) {
            throw Problem(path: path, location: "\(at).\(member.key)", reason: "unknown knob; known knobs are \(known.sorted().joined(separator: ", "))")
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let v = object[key] else { return nil }
            guard let d = v.doubleValue, range.contains(d) else {
                throw Problem(path: path, location: "\(at).\(key)", reason: "expected a number in \(range.lowerBound)...\(range.upperBound)")
            }
            return d
        }
        if let v = try number("rateLimit", 1...1_000_000) { knobs.rateLimit = Int(v) }
        if let v = try number("rateWindowSeconds", 0.001...86_400) { knobs.rateWindowSeconds = v }
        if let v = try number("tokenTtlSeconds", 1...10_000_000) { knobs.tokenLifetimeSeconds = Int(v) }
        if let v = try number("jobLatencyMs", 0...3_600_000) { knobs.jobLatencyMilliseconds = v }
        if let v = try number("jobLatencyPerRecordMs", 0...60_000) { knobs.jobLatencyPerRecordMilliseconds = v }
        if let v = try number("downloadTtlSeconds", 0.001...86_400) { knobs.downloadURLLifetimeSeconds = v }
        if let v = try number("fault503", 0...1) { knobs.fault503Share = v }
        if let v = try number("faultDrop", 0...1) { knobs.faultDropShare = v }
        if let v = try number("faultTruncate", 0...1) { knobs.faultTruncateShare = v }
        if let v = try number("stormEverySeconds", 1...86_400) { knobs.stormEverySeconds = v }
        if let v = try number("pageSizeCap", 1...100_000) { knobs.pageSizeCap = Int(v) }
        if let v = try number("dataAvailabilityLagSeconds", 0...31_536_000) { knobs.dataAvailabilityLagSeconds = v }
        if let v = try number("failJobsShare", 0...1) { knobs.failExportJobsShare = v }
        if let v = object["servesInteractionExport"] {
            guard let flag = v.boolValue else {
                throw Problem(path: path, location: "\(at).servesInteractionExport", reason: "expected true or false")
            }
            knobs.servesInteractionExport = flag
        }
        return knobs
    }
}
