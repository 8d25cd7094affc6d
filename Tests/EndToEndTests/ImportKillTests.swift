import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Testing

/// The built binary's `import`, SIGKILLed at the protocol's exact steps (the test-only pauses of
/// `INTERACTION_MIGRATE_TEST_PAUSE`) and at random moments, then run again until it ends.
///
/// Around every run, killed or not, ``ImportLedger`` checks that no chunk recorded `completed`
/// before the run was sent again (the destination counts, per `externalId`, the accepted POSTs
/// that carried it) and that no completed chunk went back. After every test the destination
/// holds each transformed record exactly once and every planned chunk is recorded completed.
///
/// `INTERACTION_MIGRATE_IMPORT_KILLS=N` sets the random trials (10 by default).
extension EndToEnd {
    @Suite("import killed at any moment", .serialized)
    struct ImportKillTests {
        static let pauseVariable = "INTERACTION_MIGRATE_TEST_PAUSE"

        static var randomTrials: Int {
            let asked = Int(ProcessInfo.processInfo.environment["INTERACTION_MIGRATE_IMPORT_KILLS"] ?? "") ?? 10
            return max(1, asked)
        }

        /// The destination's knobs: no rate limit to speak of (many short runs), and `latency` per job.
        static func knobs(latency: Double) -> OrgKnobs {
            var knobs = OrgKnobs()
            knobs.jobLatencyMilliseconds = latency
            knobs.rateLimit = 1_000_000
            return knobs
        }

        static func options(chunkSize: Int) -> [String] {
            ["--chunk-size", String(chunkSize), "--concurrency", "4"]
        }

        // MARK: - 1. at the submitting write

        @Test("killed after the submitting write, before the POST, again and again: the chunks go again as in doubt; nothing lost, nothing doubled")
        func killedWhileSubmitting() async throws {
            let size = 20
            let ws = try ImportWorkspace(records: 240, days: 3, seed: 21, knobs: Self.knobs(latency: 100))
            let ledger = ImportLedger(ws, chunkSize: size)
            let extra = Self.options(chunkSize: size)
            // Kill at the 1st marker (the first chunks recorded submitting, nothing sent), or at the
            // 5th (the first four sent and finished, the next one recorded submitting).
            for (trial, marker) in [1, 1, 5, 1].enumerated() {
                let label = "submitting kill \(trial + 1) (at marker \(marker))"
                let seen = try await ledger.run(label) {
                    try KilledImport.atMarker(ws, extra, pauses: "submitting=5", point: "submitting", count: marker)
                }
                let run = seen.value
                #expect(run.killed, "\(label): not ended by the kill (status \(run.status))\n\(run.stderr)")
                guard let trigger = run.trigger else {
                    Issue.record("\(label): no '[test] paused at submitting' marker \(marker)\n\(run.stderr)")
                    break
                }
                for name in run.marked {
                    #expect(seen.before[name]?.recorded?.status != .completed, "\(label): \(name) was recorded completed, yet paused at submitting")
                }
                // The marker comes after the submitting write, before the POST.
                let chunk = try #require(seen.after[trigger], "\(label): \(trigger) is not in the plan")
                #expect(chunk.recorded?.status == .submitting, "\(label): \(trigger) paused at submitting is recorded \(ImportLedger.describe(chunk.recorded))")
                let posted = chunk.ids.filter { seen.postedAfter[$0, default: 0] > seen.postedBefore[$0, default: 0] }
                #expect(posted.isEmpty, "\(label): \(trigger) was killed before its POST, yet \(posted.count) of its records were posted")
            }
            try await Self.finish(ws, ledger, extra, "submitting kills")
        }

        // MARK: - 2. between the 202 and the submitted write

        @Test("killed after the 202, before the submitted write: the job is applied anyway; the next run sends it again and settles it by DUPLICATE_KEY")
        func killedAfterAccepted() async throws {
            let size = 20
            let ws = try ImportWorkspace(records: 400, days: 3, seed: 22, knobs: Self.knobs(latency: 100))
            let ledger = ImportLedger(ws, chunkSize: size)
            // Two jobs in flight, so that each cycle leaves chunks for the next.
            let extra = ["--chunk-size", String(size), "--concurrency", "2"]
            var random = SeededGenerator(seed: 0xACCE_97ED)
            var accepted: Set<String> = []
            for cycle in 1...4 {
                let label = "accepted kill \(cycle)"
                let seen = try await ledger.run(label) {
                    try KilledImport.atMarker(ws, extra, pauses: "accepted=5", point: "accepted", count: 1, gather: 2, gatherTimeout: 1.5)
                }
                let run = seen.value
                #expect(run.killed, "\(label): not ended by the kill (status \(run.status))\n\(run.stderr)")
                guard let trigger = run.trigger else {
                    Issue.record("\(label): no '[test] paused at accepted' marker\n\(run.stderr)")
                    break
                }
                accepted.formUnion(run.marked)
                // The org accepted the POST (it counted the records) and the state still says submitting.
                let chunk = try #require(seen.after[trigger], "\(label): \(trigger) is not in the plan")
                #expect(chunk.recorded?.status == .submitting, "\(label): \(trigger) paused at accepted is recorded \(ImportLedger.describe(chunk.recorded))")
                let sent = chunk.ids.filter { seen.postedAfter[$0, default: 0] > seen.postedBefore[$0, default: 0] }
                #expect(sent.count == chunk.ids.count - (chunk.recorded?.excluded.count ?? 0),
                        "\(label): \(trigger)'s 202 came, yet only \(sent.count) of its \(chunk.ids.count) records were counted as posted")

                // The next run, without pauses, re-sends them in doubt and finds every record held;
                // it is killed a moment after the last of those notes (so that chunks are left for
                // the next cycle).
                let notes = run.marked.map { "chunk \($0): the destination already holds all of its" }
                let jitter = Double(random.next() % 30) / 1000
                let next = try await ledger.run("\(label), next run") {
                    try KilledImport.afterLines(ws, extra, containing: notes, thenWait: jitter)
                }
                #expect(next.value.sawAll || next.value.status == 0,
                        "\(label), next run: ended (\(next.value.status)) without reconciling \(run.marked) by DUPLICATE_KEY\n\(next.value.stderr)")
            }
            let final = try await Self.finish(ws, ledger, extra, "accepted kills")
            // Every chunk killed after its 202 ended completed with all its records found held:
            // its first job was applied, and nothing of it was imported a second time.
            for name in accepted.sorted() {
                let chunk = final[name]
                #expect(chunk?.recorded?.status == .completed && chunk?.recorded?.excluded.count == chunk?.ids.count,
                        "\(name), killed after its 202, ended \(ImportLedger.describe(chunk?.recorded)) (\(chunk?.ids.count ?? -1) records)")
            }
        }

        // MARK: - 3. during a DUPLICATE_KEY reconciliation

        @Test("killed during a DUPLICATE_KEY reconciliation (before the re-send, then after its 202): the rest is sent once, the held records never again")
        func killedWhileReconciling() async throws {
            let size = 30
            let ws = try ImportWorkspace(records: 360, days: 3, seed: 23, knobs: Self.knobs(latency: 100))
            let ledger = ImportLedger(ws, chunkSize: size)
            let extra = Self.options(chunkSize: size)

            // a. Chunks recorded submitting and killed before their POST: in doubt, nothing sent.
            let first = try await ledger.run("reconcile a: submitting kill") {
                try KilledImport.atMarker(ws, extra, pauses: "submitting=5", point: "submitting", count: 1, gather: 4, gatherTimeout: 2)
            }
            let inDoubt = first.value.marked
            #expect(first.value.killed && !inDoubt.isEmpty, "no chunk paused at submitting\n\(first.value.stderr)")
            guard !inDoubt.isEmpty else { return }

            // b. A third of each of their records reach the destination by other means: a partial
            // earlier application, which the tool alone can't produce (a job applies whole), so that
            // the reconciliation has something left to send.
            var held: [String: [Int]] = [:]
            for name in inDoubt {
                let chunk = try #require(first.after[name])
                held[name] = chunk.lines.indices.map { $0 - chunk.lines.startIndex }.filter { $0 % 3 == 1 }
                try Self.importDirectly(ws, held[name]!.map { chunk.lines[chunk.lines.startIndex + $0] }, ids: held[name]!.map { chunk.ids[$0] })
            }

            // c. Killed after the 202 of their in-doubt re-send (whose job fails on the held third).
            let second = try await ledger.run("reconcile c: accepted kill") {
                try KilledImport.atMarker(ws, extra, pauses: "accepted=5", point: "accepted", count: 1)
            }
            #expect(second.value.killed && second.value.trigger.map(inDoubt.contains) == true,
                    "reconcile c: expected a chunk of \(inDoubt) paused at accepted\n\(second.value.stderr)")

            // d. Killed once a DUPLICATE_KEY failure was recorded as a re-send of the rest.
            let third = try await ledger.run("reconcile d: reconciling kill") {
                try KilledImport.atMarker(ws, extra, pauses: "reconciling=5", point: "reconciling", count: 1, gather: inDoubt.count, gatherTimeout: 1.5)
            }
            #expect(third.value.killed, "reconcile d: not ended by the kill (status \(third.value.status))\n\(third.value.stderr)")
            #expect(!third.value.marked.isEmpty, "reconcile d: no '[test] paused at reconciling' marker\n\(third.value.stderr)")
            for name in third.value.marked {
                let recorded = third.after[name]?.recorded
                #expect(inDoubt.contains(name), "reconcile d: \(name) reconciled, though none of its records was held")
                #expect(recorded?.status == .submitting && recorded?.inDoubt == true && recorded?.excluded == held[name],
                        "reconcile d: \(name) paused at reconciling is recorded \(ImportLedger.describe(recorded)); expected submitting, in doubt, excluded \(held[name] ?? [])")
            }

            // e. Killed after the 202 of the reduced re-send: it carries the rest, not the held third.
            let fourth = try await ledger.run("reconcile e: accepted kill of the reduced re-send") {
                try KilledImport.atMarker(ws, extra, pauses: "accepted=5", point: "accepted", count: 1, gather: inDoubt.count, gatherTimeout: 1.5)
            }
            #expect(fourth.value.killed, "reconcile e: not ended by the kill (status \(fourth.value.status))\n\(fourth.value.stderr)")
            var reducedAccepted: [String] = []
            for name in fourth.value.marked {
                guard let chunk = fourth.after[name], let excluded = fourth.before[name]?.recorded?.excluded, !excluded.isEmpty else { continue }
                reducedAccepted.append(name)
                let sent = Set(chunk.ids.filter { fourth.postedAfter[$0, default: 0] > fourth.postedBefore[$0, default: 0] })
                let expected = Set(chunk.ids.enumerated().filter { !excluded.contains($0.offset) }.map(\.element))
                #expect(sent == expected, "reconcile e: \(name)'s re-send carried \(sent.count) records; expected the \(expected.count) not held (excluded \(excluded)); held ones sent: \(sent.subtracting(expected).sorted())")
                #expect(chunk.recorded?.status == .submitting && chunk.recorded?.excluded == excluded,
                        "reconcile e: \(name) is recorded \(ImportLedger.describe(chunk.recorded))")
            }
            #expect(!reducedAccepted.isEmpty, "reconcile e: expected a reduced re-send paused at accepted, saw \(fourth.value.marked)\n\(fourth.value.stderr)")

            let final = try await Self.finish(ws, ledger, extra, "reconcile kills")
            for name in inDoubt {
                let recorded = final[name]?.recorded
                let holds = Set(recorded?.excluded ?? []).isSuperset(of: held[name] ?? [])
                #expect(recorded?.status == .completed && holds, "\(name) ended \(ImportLedger.describe(recorded)); expected completed, excluding at least \(held[name] ?? [])")
            }
            for name in reducedAccepted {
                // The reduced re-send was applied: the next run found all of it held.
                #expect(final[name]?.recorded?.excluded.count == final[name]?.ids.count, "\(name) ended \(ImportLedger.describe(final[name]?.recorded))")
            }
        }

        /// Imports `lines` (transformed records) into the destination by a request of the test's own,
        /// and waits until the destination holds `ids`.
        static func importDirectly(_ ws: ImportWorkspace, _ lines: [ArraySlice<UInt8>], ids: [String]) throws {
            let org = ws.emulator.orgs[1]
            var login = HTTPHeaders()
            login.set("Authorization", "Basic " + Base64.encode(Array("\(org.clientId):\(org.clientSecret)".utf8)))
            login.set("Content-Type", "application/x-www-form-urlencoded")
            let token = org.respond(to: HTTPRequest(method: "POST", target: "/oauth/token", headers: login, body: Array("grant_type=client_credentials".utf8)))
            let access = try #require(try JSONParser.parse(token.body)["access_token"]?.stringValue, "no token: \(String(decoding: token.body, as: UTF8.self))")
            var headers = HTTPHeaders()
            headers.set("Authorization", "Bearer " + access)
            headers.set("Content-Type", "application/json")
            let answer = org.respond(to: HTTPRequest(method: "POST", target: "/api/v2/interaction/import", headers: headers, body: ImportLedger.body(lines)))
            try #require(answer.status == 202, "direct import: \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
            let deadline = Date().addingTimeInterval(120)
            while !Set(org.heldExternalIds()).isSuperset(of: ids) {
                try #require(Date() < deadline, "direct import: the destination does not hold the records after 120 s")
                Thread.sleep(forTimeInterval: 0.02)
            }
        }

        // MARK: - 4. at random moments

        @Test("killed at random moments (50 ms to 1.5 s after the start or after the plan) with many chunks in flight")
        func killedAtRandomMoments() async throws {
            let trials = Self.randomTrials
            var random = SeededGenerator(seed: 0x1A7E_C0DE &+ UInt64(trials))
            var killed = 0
            var round = 0
            var delays: [Int] = []
            // A round is one fresh migration killed until a run ends on its own; as many rounds as
            // it takes to kill `trials` runs that were still working.
            while killed < trials && round < 8 {
                let size = [20, 30, 40, 25][round % 4]
                let latency = 100 + Double(random.next() % 51)
                let ws = try ImportWorkspace(records: 400, days: 3, seed: 40 + UInt64(round), knobs: Self.knobs(latency: latency))
                let ledger = ImportLedger(ws, chunkSize: size)
                let extra = Self.options(chunkSize: size)
                var ended = false
                var trial = 0
                while !ended && killed < trials {
                    trial += 1
                    let delay = 0.05 + Double(random.next() % 1451) / 1000
                    // One kill in three counts from the start (start-up and planning), the others
                    // from the plan (the chunks' protocol).
                    let fromPlan = trial % 3 != 1
                    let label = "random round \(round + 1) (chunk size \(size), latency \(Int(latency)) ms) trial \(trial): kill \(Int(delay * 1000)) ms after the \(fromPlan ? "plan" : "start")"
                    let seen = try await ledger.run(label) { try KilledImport.afterDelay(ws, extra, seconds: delay, fromPlan: fromPlan) }
                    if seen.value.killed {
                        killed += 1
                        delays.append(Int(delay * 1000))
                    } else {
                        ended = seen.value.status == 0
                        #expect(seen.value.status == 0 || seen.value.status == 1, "\(label): ended \(seen.value.status)\n\(seen.value.stderr)")
                        if seen.value.status != 0 && seen.value.status != 1 { break }
                    }
                }
                try await Self.finish(ws, ledger, extra, "random round \(round + 1)")
                round += 1
            }
            #expect(killed >= trials, "only \(killed) of \(trials) random kills landed on a running import (delays \(delays))")
        }

        // MARK: - Finishing and checking

        /// Runs the import without pauses until it exits 0 (at most 4 runs), then checks the end
        /// state. Returns the chunks as recorded at the end.
        @discardableResult
        static func finish(_ ws: ImportWorkspace, _ ledger: ImportLedger, _ extra: [String], _ label: String) async throws -> [String: ChunkInfo] {
            var statuses: [Int32] = []
            var last = ""
            for attempt in 1...4 {
                let seen = try await ledger.run("\(label): finishing run \(attempt)") { try ws.runImport(extra, timeout: 120) }
                statuses.append(seen.value.status)
                last = seen.value.output + seen.value.error
                if seen.value.status != 1 { break }
            }
            #expect(statuses.last == 0, "\(label): the finishing runs ended \(statuses)\n\(last)")
            return try await verifyComplete(ws, ledger, label)
        }

        /// The destination holds every transformed record exactly once, it counts no duplicate, the
        /// state file records every planned chunk completed, and no chunk was sent after it was
        /// recorded completed.
        static func verifyComplete(_ ws: ImportWorkspace, _ ledger: ImportLedger, _ label: String) async throws -> [String: ChunkInfo] {
            let transformed = try ws.transformedExternalIds().sorted()
            let held = ws.destinationExternalIds().sorted()
            #expect(!transformed.isEmpty)
            if held != transformed {
                let counts = Dictionary(held.map { ($0, 1) }, uniquingKeysWith: +)
                let missing = transformed.filter { counts[$0] == nil }
                let doubled = counts.filter { $0.value > 1 }.keys.sorted()
                let foreign = Set(held).subtracting(transformed).sorted()
                Issue.record("\(label): the destination holds \(held.count) imported records for \(transformed.count) transformed: missing \(missing.count) \(missing.prefix(5)), held more than once \(doubled.count) \(doubled.prefix(5)), not transformed \(foreign.count) \(foreign.prefix(5))")
            }
            let summary = try await ws.summary()
            #expect(summary["duplicateExternalIds"]?.intValue == 0, "\(label): /emulator/summary duplicateExternalIds = \(String(describing: summary["duplicateExternalIds"]))")

            // The state file itself (the last run closed the store, so it says everything).
            let state = try ws.state()
            let windows = try #require(state["import"]?["windows"]?.objectValue, "\(label): the state file has no import.windows")
            let transformedWindows = try FileManager.default.contentsOfDirectory(atPath: ws.workspace.transformedFolder).filter { $0.hasSuffix(".jsonl") }
            #expect(windows.count == transformedWindows.count, "\(label): \(windows.count) windows in import.windows, \(transformedWindows.count) transformed")
            var notCompleted: [String] = []
            for member in windows.members {
                let planned = member.value["plan"]?["chunks"]?.arrayValue ?? []
                #expect(!planned.isEmpty, "\(label): window \(member.key) has no planned chunks")
                for (index, hash) in planned.enumerated() {
                    let chunk = hash.stringValue.flatMap { member.value["chunks"]?[$0] }
                    if chunk?["status"]?.stringValue != "completed" || chunk?["index"]?.intValue != Int64(index) {
                        notCompleted.append("\(member.key)#\(index): \(chunk.flatMap { try? String(decoding: JSONWriter.compact($0), as: UTF8.self) } ?? "not recorded")")
                    }
                }
            }
            #expect(notCompleted.isEmpty, "\(label): chunks not recorded completed at the end: \(notCompleted)")
            ledger.checkBaseline(label)
            return try await ledger.chunks()
        }
    }
}

// MARK: - What a run did to the chunks

/// One planned chunk: its records as the transformed file holds them, and its record in the state.
struct ChunkInfo: Sendable {
    /// `WINDOW#INDEX`, as the tool names it.
    let name: String
    let hash: String
    let lines: ArraySlice<ArraySlice<UInt8>>
    let ids: [String]
    let recorded: ImportChunkState?
}

/// Reads, around each run, the chunks as recorded (state file and journal, as the next run sees
/// them) and the destination's POST counts, and checks that a chunk recorded completed is never
/// sent again nor goes back.
final class ImportLedger: @unchecked Sendable {
    let ws: ImportWorkspace
    let chunkSize: Int
    private var windowLines: [String: [ArraySlice<UInt8>]] = [:]
    private var windowIds: [String: [String]] = [:]
    private var verifiedHashes: Set<String> = []
    /// The POST count of each record of a chunk recorded completed, when first seen completed.
    private var baseline: [String: (count: Int, chunk: String)] = [:]
    private(set) var runs = 0

    init(_ ws: ImportWorkspace, chunkSize: Int) {
        self.ws = ws
        self.chunkSize = chunkSize
    }

    struct Seen<Value> {
        var value: Value
        var before: [String: ChunkInfo]
        var after: [String: ChunkInfo]
        var postedBefore: [String: Int]
        var postedAfter: [String: Int]
    }

    /// Runs `body` (one run of the tool) between two readings, and checks what changed.
    func run<Value>(_ label: String, _ body: () throws -> Value) async throws -> Seen<Value> {
        let before = try await chunks()
        let completed = before.values.filter { $0.recorded?.status == .completed }.sorted { $0.name < $1.name }
        let postedBefore = ws.emulator.orgs[1].postedExternalIds()
        for chunk in completed {
            for id in chunk.ids where baseline[id] == nil { baseline[id] = (postedBefore[id, default: 0], chunk.name) }
        }
        let value = try body()
        runs += 1
        let postedAfter = ws.emulator.orgs[1].postedExternalIds()
        let after = try await chunks()
        var resent: [String] = []
        for chunk in completed {
            let again = chunk.ids.filter { postedAfter[$0, default: 0] > postedBefore[$0, default: 0] }
            if !again.isEmpty {
                resent.append("\(chunk.name) (recorded \(Self.describe(chunk.recorded))): \(again.count) of its \(chunk.ids.count) records posted again, e.g. \(again[0]) \(postedBefore[again[0], default: 0])→\(postedAfter[again[0], default: 0])")
            }
        }
        #expect(resent.isEmpty, "\(label): chunks recorded completed before the run were sent again: \(resent)")
        let wentBack = completed.filter { after[$0.name]?.recorded?.status != .completed || after[$0.name]?.hash != $0.hash }
        #expect(wentBack.isEmpty, "\(label): chunks recorded completed before the run no longer are: \(wentBack.map { "\($0.name): \(Self.describe(after[$0.name]?.recorded))" })")
        return Seen(value: value, before: before, after: after, postedBefore: postedBefore, postedAfter: postedAfter)
    }

    /// No record of a chunk seen completed before some run was posted since.
    func checkBaseline(_ label: String) {
        let posted = ws.emulator.orgs[1].postedExternalIds()
        let again = baseline.filter { posted[$0.key, default: 0] > $0.value.count }.sorted { $0.key < $1.key }
        #expect(again.isEmpty, "\(label): records of completed chunks posted after the chunk was recorded completed: \(again.prefix(10).map { "\($0.value.chunk) \($0.key): \($0.value.count)→\(posted[$0.key, default: 0])" })")
    }

    /// Every planned chunk, by `WINDOW#INDEX`: `import.windows.W.plan.chunks` are the hashes in
    /// order, chunk i is lines [i*size, (i+1)*size) of the window's transformed file (its hash
    /// checked against the canonical body), and `import.windows.W.chunks[hash]` its record.
    func chunks() async throws -> [String: ChunkInfo] {
        let store = try StateStore(ws.workspace, access: .readOnly)
        let imports = await store.state.imports
        var out: [String: ChunkInfo] = [:]
        for (window, plan) in imports.plans {
            let (lines, ids) = try transformed(window)
            #expect(plan.records == lines.count, "window \(window): planned \(plan.records) records, the transformed file has \(lines.count)")
            for (index, hash) in plan.chunks.enumerated() {
                let range = index * chunkSize..<min((index + 1) * chunkSize, lines.count)
                guard !range.isEmpty else {
                    Issue.record("window \(window): chunk \(index) of \(plan.chunks.count) lies past the file's \(lines.count) records")
                    continue
                }
                if !verifiedHashes.contains(hash) {
                    let actual = SHA256.hash(Self.body(lines[range])).hex
                    #expect(actual == hash, "window \(window) chunk \(index): lines \(range) hash to \(actual), the plan says \(hash)")
                    verifiedHashes.insert(hash)
                }
                let recorded = imports.windows[window]?[hash]
                if let recorded {
                    #expect(recorded.index == index && recorded.records == range.count,
                            "window \(window) chunk \(index): recorded as index \(recorded.index), \(recorded.records) records")
                }
                let name = "\(window)#\(index)"
                out[name] = ChunkInfo(name: name, hash: hash, lines: lines[range], ids: Array(ids[range]), recorded: recorded)
            }
        }
        return out
    }

    private func transformed(_ window: String) throws -> ([ArraySlice<UInt8>], [String]) {
        if let lines = windowLines[window], let ids = windowIds[window] { return (lines, ids) }
        let bytes = try FileContents.read(path: ws.workspace.transformedFile(window: window))
        let lines = bytes.split(separator: 0x0A)
        let ids = try lines.map { try #require(try JSONParser.parse($0)["externalId"]?.stringValue) }
        windowLines[window] = lines
        windowIds[window] = ids
        return (lines, ids)
    }

    /// The canonical request body of `lines` (contract §8).
    static func body(_ lines: some Collection<ArraySlice<UInt8>>) -> [UInt8] {
        var out = Array(#"{"allowDuplicates":false,"interactions":["#.utf8)
        for (i, line) in lines.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += line
        }
        out += Array(#"],"schemaVersion":"v2.1"}"#.utf8)
        return out
    }

    static func describe(_ state: ImportChunkState?) -> String {
        guard let state else { return "nothing" }
        var parts = ["status \(state.status.rawValue)", "index \(state.index)", "records \(state.records)"]
        if let id = state.importId { parts.append("importId \(id)") }
        if state.inDoubt { parts.append("inDoubt") }
        if !state.excluded.isEmpty { parts.append("excluded \(state.excluded.count) \(state.excluded)") }
        if let failure = state.failure { parts.append("failure \(failure.rawValue)") }
        if !state.errors.isEmpty { parts.append("errors \(state.errors.prefix(3))") }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}

// MARK: - Running the tool and killing it

/// A pipe's text, read line by line on a thread of its own while the process runs.
final class PipeLines: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var raw: [UInt8] = []
    private var lines: [String] = []
    private var ended = false

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.availableData
                take(data)
                if data.isEmpty { return }
            }
        }
    }

    private func take(_ data: Data) {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        guard !data.isEmpty else {
            if !pending.isEmpty { lines.append(String(decoding: pending, as: UTF8.self)) }
            pending = []
            ended = true
            return
        }
        pending.append(contentsOf: data)
        raw.append(contentsOf: data)
        while let newline = pending.firstIndex(of: 0x0A) {
            lines.append(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
    }

    /// Waits until `done` holds for the lines read so far; false when the pipe ends or
    /// `timeout` passes first.
    func wait(timeout: Double, until done: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !done(lines) {
            if ended { return false }
            if !condition.wait(until: deadline) { return done(lines) }
        }
        return true
    }

    /// Waits for the end of the pipe (the process and its children gone).
    @discardableResult
    func waitForEnd(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !ended {
            if !condition.wait(until: deadline) { return ended }
        }
        return true
    }

    /// Everything read so far, as it came.
    var text: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: raw, as: UTF8.self)
    }

    var all: [String] {
        condition.lock()
        defer { condition.unlock() }
        return lines
    }
}

/// One run of `import` that the test ends with SIGKILL (unless it ends first).
struct KilledImport {
    /// Whether the SIGKILL ended it (false: it had ended on its own, with `status`).
    var killed: Bool
    var status: Int32
    /// The chunks named by the `[test] paused at POINT` lines it wrote, in order.
    var marked: [String]
    /// The chunk of the marker the kill waited for.
    var trigger: String?
    /// Whether every awaited line was seen (``afterLines``).
    var sawAll = false
    var stderr: String

    /// A running import with `pauses` (none when nil), its standard error and output read as it goes.
    final class Running {
        let tool: ToolProcess
        let errors: PipeLines
        let output: PipeLines

        init(_ ws: ImportWorkspace, _ extra: [String], pauses: String?) throws {
            var environment = ws.environment
            if let pauses { environment[EndToEnd.ImportKillTests.pauseVariable] = pauses }
            tool = try ToolProcess(ws.importArguments(extra), environment: environment)
            errors = PipeLines(tool.standardError.fileHandleForReading)
            output = PipeLines(tool.standardOutput.fileHandleForReading)
        }

        static func markers(_ lines: [String], _ point: String) -> [String] {
            let prefix = "[test] paused at \(point): chunk "
            return lines.compactMap { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil }
        }

        /// SIGKILLs the process if it still runs, and waits for it and its pipes.
        func stop(point: String?, trigger: String? = nil, sawAll: Bool = false) -> KilledImport {
            let process = tool.process
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            errors.waitForEnd(timeout: 10)
            output.waitForEnd(timeout: 10)
            let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
            let lines = errors.all
            return KilledImport(killed: killed, status: process.terminationStatus, marked: point.map { Self.markers(lines, $0) } ?? [],
                                trigger: trigger, sawAll: sawAll, stderr: lines.suffix(40).joined(separator: "\n"))
        }
    }

    /// Waits for the `count`-th `[test] paused at POINT` line and kills the run; with `gather`,
    /// first waits (at most `gatherTimeout` s) for that many markers in all, so that every chunk
    /// then in flight is known to be paused.
    static func atMarker(_ ws: ImportWorkspace, _ extra: [String], pauses: String, point: String, count: Int,
                         gather: Int = 0, gatherTimeout: Double = 0, timeout: Double = 60) throws -> KilledImport {
        let run = try Running(ws, extra, pauses: pauses)
        let seen = run.errors.wait(timeout: timeout) { Running.markers($0, point).count >= count }
        var trigger: String?
        if seen {
            trigger = Running.markers(run.errors.all, point)[count - 1]
            if gather > count { _ = run.errors.wait(timeout: gatherTimeout) { Running.markers($0, point).count >= gather } }
        }
        return run.stop(point: point, trigger: trigger)
    }

    /// Kills the run `seconds` after it started, or (`fromPlan`) after it wrote its
    /// "chunks planned" line, past the start-up (login, organization, plan, pre-flight), which
    /// takes most of a second on its own.
    static func afterDelay(_ ws: ImportWorkspace, _ extra: [String], seconds: Double, fromPlan: Bool) throws -> KilledImport {
        let run = try Running(ws, extra, pauses: nil)
        if fromPlan {
            guard run.errors.wait(timeout: 30, until: { $0.contains { $0.contains(" chunks planned (") } }) else {
                return run.stop(point: nil)
            }
        }
        Thread.sleep(forTimeInterval: seconds)
        return run.stop(point: nil)
    }

    /// Runs without pauses until a line containing each of `texts` was written (or the run
    /// ends), waits `thenWait` seconds, and kills it.
    static func afterLines(_ ws: ImportWorkspace, _ extra: [String], containing texts: [String], thenWait: Double,
                           timeout: Double = 60) throws -> KilledImport {
        let run = try Running(ws, extra, pauses: nil)
        let sawAll = run.errors.wait(timeout: timeout) { lines in texts.allSatisfy { text in lines.contains { $0.contains(text) } } }
        if sawAll { Thread.sleep(forTimeInterval: thenWait) }
        return run.stop(point: nil, sawAll: sawAll)
    }
}

