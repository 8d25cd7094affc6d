import Essentials

/// One window's transformed records against what the destination holds for the same window,
/// by `externalId`: what is missing, unexpected and duplicated.
///
/// Both files are streamed a line at a time; only the `externalId`s are kept in memory (those of
/// the transformed records, and of the destination's records of this migration that were not
/// transformed). A destination record without an `externalId`, or with one that does not start
/// with this migration's `<source org id>:`, is counted as not from this migration and is no
/// difference: the destination may hold interactions of its own.
public struct ExternalIdComparison: Sendable, Equatable {
    /// Records in the transformed file.
    public var expected = 0
    /// The destination's records of this migration (every copy counted).
    public var held = 0
    /// Transformed records the destination doesn't hold.
    public var missing = 0
    /// Distinct `externalId`s of this migration the destination holds but the transform did not write.
    public var unexpected = 0
    /// Distinct `externalId`s of this migration the destination holds more than once.
    public var duplicated = 0
    /// The destination's records without an `externalId` or from another origin.
    public var notFromMigration = 0
    /// Up to the example limit of each kind, sorted.
    public var missingExamples: [String] = []
    public var unexpectedExamples: [String] = []
    /// `externalId` and how many times the destination holds it.
    public var duplicatedExamples: [Duplicate] = []

    /// An `externalId` held more than once.
    public struct Duplicate: Sendable, Equatable {
        public var externalId: String
        public var copies: Int

        public init(externalId: String, copies: Int) {
            self.externalId = externalId
            self.copies = copies
        }
    }

    public init() {}

    /// Whether the destination holds exactly the transformed records, once each.
    public var isExact: Bool { missing == 0 && unexpected == 0 && duplicated == 0 }

    /// Compares the transformed file `transformed` with `destination` (the destination's export
    /// of the same window), taking `prefix` (`<source org id>:`) as the mark of this migration's
    /// records, and keeping up to `exampleLimit` examples of each kind.
    ///
    /// - Throws: ``VerifyPhaseError`` when a line of either file is not a record (a transformed
    ///   one without an `externalId` included); `FileError` when a file can't be read.
    public static func compare(transformed: String, destination: String, prefix: String, exampleLimit: Int = 20) throws -> ExternalIdComparison {
        var result = ExternalIdComparison()
        // Each transformed externalId and how many copies the destination holds.
        var copies: [String: Int] = [:]
        var parser = JSONParser()
        let expectedReader = try JSONLineReader(path: transformed)
        try expectedReader.forEachLine { line, number in
            let record: JSONValue
            do { record = try parser.parse(line) } catch {
                throw VerifyPhaseError.badTransformedRecord(path: transformed, line: number, reason: "not JSON (\(error))")
            }
            guard record.objectValue != nil, let externalId = record["externalId"]?.stringValue else {
                throw VerifyPhaseError.badTransformedRecord(path: transformed, line: number, reason: "not a record with an externalId")
            }
            result.expected += 1
            copies[externalId] = 0
        }
        // This migration's externalIds the transform did not write, and their copies.
        var strays: [String: Int] = [:]
        let heldReader = try JSONLineReader(path: destination)
        try heldReader.forEachLine { line, number in
            let record: JSONValue
            do { record = try parser.parse(line) } catch {
                throw VerifyPhaseError.badDestinationRecord(path: destination, line: number, reason: "not JSON (\(error))")
            }
            guard record.objectValue != nil else {
                throw VerifyPhaseError.badDestinationRecord(path: destination, line: number, reason: "not a JSON object")
            }
            guard let externalId = record["externalId"]?.stringValue, externalId.hasPrefix(prefix) else {
                result.notFromMigration += 1
                return
            }
            result.held += 1
            if let count = copies[externalId] {
                copies[externalId] = count + 1
            } else {
                strays[externalId, default: 0] += 1
            }
        }
        var missing: [String] = []
        var duplicates: [Duplicate] = []
        for (externalId, count) in copies {
            if count == 0 { missing.append(externalId) } else if count > 1 { duplicates.append(Duplicate(externalId: externalId, copies: count)) }
        }
        for (externalId, count) in strays where count > 1 { duplicates.append(Duplicate(externalId: externalId, copies: count)) }
        result.missing = missing.count
        result.unexpected = strays.count
        result.duplicated = duplicates.count
        let limit = max(0, exampleLimit)
        result.missingExamples = Array(missing.sorted().prefix(limit))
        result.unexpectedExamples = Array(strays.keys.sorted().prefix(limit))
        result.duplicatedExamples = Array(duplicates.sorted { $0.externalId < $1.externalId }.prefix(limit))
        return result
    }

    /// The comparison as JSON, for the report.
    public var jsonValue: JSONValue {
        .object(JSONObject([
            ("expected", .int(Int64(expected))), ("held", .int(Int64(held))), ("missing", .int(Int64(missing))),
            ("unexpected", .int(Int64(unexpected))), ("duplicated", .int(Int64(duplicated))),
            ("notFromMigration", .int(Int64(notFromMigration))),
            ("missingExamples", .array(missingExamples.map(JSONValue.string))),
            ("unexpectedExamples", .array(unexpectedExamples.map(JSONValue.string))),
            ("duplicatedExamples", .array(duplicatedExamples.map { duplicate in
                .object(JSONObject([("externalId", .string(duplicate.externalId)), ("copies", .int(Int64(duplicate.copies)))]))
            })),
        ]))
    }
}
