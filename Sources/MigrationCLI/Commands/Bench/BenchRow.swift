import Essentials

/// One row of `bench all`'s table: what a `bench <row> --json` child prints, one JSON line each.
///
/// CPU seconds and peak RSS are the measuring process's own, so that a row's figures are its
/// own: the child measures the CPU of the phase it times (`getrusage`) and reads its `VmHWM`.
struct BenchRow: Sendable, Equatable {
    var name: String
    var records: Int
    /// Wall-clock seconds of the phase measured.
    var seconds: Double
    /// CPU seconds (user + system, every thread) of the same phase.
    var cpuSeconds: Double
    /// Peak resident set size of the measuring process, when known.
    var peakResidentBytes: Int?
    /// What the figures include and the row's own figures (source kind, requests per chunk...).
    var notes: String
    /// The row's own figures, for JSON readers.
    var details: JSONValue = [:]

    var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }
    var cpuSecondsPer100k: Double { records > 0 ? cpuSeconds * 100_000 / Double(records) : 0 }

    var jsonValue: JSONValue {
        [
            "row": .string(name), "records": .int(Int64(records)), "seconds": .double(Self.rounded(seconds, 3)),
            "recordsPerSecond": .double(Self.rounded(recordsPerSecond, 1)), "cpuSeconds": .double(Self.rounded(cpuSeconds, 3)),
            "cpuSecondsPer100k": .double(Self.rounded(cpuSecondsPer100k, 3)),
            "peakResidentBytes": peakResidentBytes.map { .int(Int64($0)) } ?? .null,
            "notes": .string(notes), "details": details,
        ]
    }

    /// The row as one compact JSON line.
    var jsonLine: String { (try? JSONWriter.string(jsonValue, style: .compact)) ?? "{}" }

    init(name: String, records: Int, seconds: Double, cpuSeconds: Double, peakResidentBytes: Int?, notes: String,
         details: JSONValue = [:]) {
        self.name = name
        self.records = records
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
        self.peakResidentBytes = peakResidentBytes
        self.notes = notes
        self.details = details
    }

    /// A row read back from a child's JSON line; nil when the line is not one.
    init?(json: JSONValue) {
        guard let name = json["row"]?.stringValue, let records = json["records"]?.intValue,
              let seconds = json["seconds"]?.doubleValue, let cpu = json["cpuSeconds"]?.doubleValue
        else { return nil }
        self.init(name: name, records: Int(records), seconds: seconds, cpuSeconds: cpu,
                  peakResidentBytes: json["peakResidentBytes"]?.intValue.map(Int.init), notes: json["notes"]?.stringValue ?? "",
                  details: json["details"] ?? [:])
    }

    private static func rounded(_ value: Double, _ digits: Int) -> Double {
        guard value.isFinite else { return 0 }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
