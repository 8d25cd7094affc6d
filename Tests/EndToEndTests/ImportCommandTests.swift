import Essentials
import Foundation
import MigrationKit
import OrgEmulator
import Synchronization
import Testing

extension EndToEnd {
    @Suite("interaction-migrate import", .serialized)
    struct ImportCommandTests {
        static let importRoute = "POST /api/v2/interaction/import"

        /// How many `POST /api/v2/interaction/import` an org's `/emulator/summary` counts.
        static func posts(_ summary: JSONValue) -> Int64 {
            summary["requests"]?["byRoute"]?[importRoute]?.intValue ?? 0
        }

        /// An org's `/emulator/summary` by its API base.
        static func summary(api: String) async throws -> JSONValue {
            let response = try await URLSessionTransport().send(TransportRequest(method: "GET", url: api + "/emulator/summary"))
            return try JSONParser.parse(response.body)
        }

        /// The queue ids a record carries at the paths an import job checks (contract §6, §7.4).
        static func queueIds(_ record: JSONValue) -> Set<String> {
            var out = Set<String>()
            if let id = record["routing"]?["queue"]?["id"]?.stringValue { out.insert(id) }
            for participant in record["participants"]?.arrayValue ?? [] {
                if let id = participant["queueId"]?.stringValue { out.insert(id) }
            }
            for transfer in record["transfers"]?.arrayValue ?? [] {
                if let id = transfer["fromQueueId"]?.stringValue { out.insert(id) }
                if let id = transfer["toQueueId"]?.stringValue { out.insert(id) }
            }
            return out
        }

        /// The transformed records of every window, in file (= chunk) order.
        static func transformed(_ workspace: ImportWorkspace) throws -> [(window: String, records: [JSONValue])] {
            let folder = workspace.workspace.transformedFolder
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jsonl") }.sorted().map { file in
                (String(file.dropLast(".jsonl".count)),
                 try FileContents.read(path: folder + "/" + file).split(separator: 0x0A).map { try JSONParser.parse($0) })
            }
        }

        /// The chunks `import --chunk-size size` cuts from the transformed files: window, index, records.
        static func chunks(_ workspace: ImportWorkspace, size: Int) throws -> [(window: String, index: Int, records: [JSONValue])] {
            var out: [(window: String, index: Int, records: [JSONValue])] = []
            for (window, records) in try transformed(workspace) {
                var offset = 0
                while offset < records.count {
                    out.append((window, offset / size, Array(records[offset..<min(offset + size, records.count)])))
                    offset += size
                }
            }
            return out
        }

        /// Every chunk recorded in the state's import section, as (window, hash, state).
        static func recordedChunks(_ state: JSONValue) -> [(window: String, hash: String, chunk: JSONValue)] {
            var out: [(window: String, hash: String, chunk: JSONValue)] = []
            for window in state["import"]?["windows"]?.objectValue ?? JSONObject() {
                for chunk in window.value["chunks"]?.objectValue ?? JSONObject() {
                    out.append((window.key, chunk.key, chunk.value))
                }
            }
            return out
        }

        /// The state of the chunk at `index` of `window`'s current plan.
        static func planned(_ state: JSONValue, window: String, index: Int) -> JSONValue? {
            guard let plan = state["import"]?["windows"]?[window]?["plan"]?["chunks"]?.arrayValue, index < plan.count,
                  let hash = plan[index].stringValue else { return nil }
            return state["import"]?["windows"]?[window]?["chunks"]?[hash]
        }

        /// The destination's duplicate count, and whether its held externalIds are `expected` exactly, once each.
        static func expectExactly(_ expected: Set<String>, in workspace: ImportWorkspace, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let held = workspace.destinationExternalIds()
            #expect(held.count == Set(held).count, "the destination holds \(held.count - Set(held).count) duplicates", sourceLocation: sourceLocation)
            #expect(Set(held) == expected, "missing \(expected.subtracting(held).count), extra \(Set(held).subtracting(expected).count)", sourceLocation: sourceLocation)
            let summary = try await workspace.summary()
            #expect(summary["duplicateExternalIds"]?.intValue == 0, sourceLocation: sourceLocation)
            #expect(summary["distinctExternalIds"]?.intValue == Int64(expected.count), sourceLocation: sourceLocation)
        }

        /// Destination knobs with a short job latency.
        static func knobs(_ change: (inout OrgKnobs) -> Void = { _ in }) -> OrgKnobs {
            var knobs = OrgKnobs()
            knobs.jobLatencyMilliseconds = 30
            change(&knobs)
            return knobs
        }

        // MARK: - 1

        @Test("a plain import: every transformed record once, every chunk completed; a second run sends nothing")
        func plainImport() async throws {
            let workspace = try ImportWorkspace(records: 300, days: 3)
            let expected = try workspace.transformedExternalIds()
            #expect(expected.count == 300)
            let run = try workspace.runImport(["--chunk-size", "50"])
            #expect(run.status == 0, "\(run.output)\(run.error)")
            try await Self.expectExactly(expected, in: workspace)

            let state = try workspace.state()
            let configuration = try #require(state["import"]?["configuration"])
            #expect(configuration["sourceOrgId"]?.stringValue == workspace.emulator.endpoint("source")!.id)
            #expect(configuration["destinationOrgId"]?.stringValue == workspace.emulator.endpoint("destination")!.id)
            #expect(configuration["schemaVersion"] == "v2.1")
            #expect(configuration["chunkSize"]?.intValue == 50)
            let planned = try Self.chunks(workspace, size: 50)
            #expect(planned.count > 3, "several chunks: \(planned.count)")
            let recorded = Self.recordedChunks(state)
            #expect(recorded.count == planned.count)
            for chunk in recorded {
                #expect(chunk.chunk["status"] == "completed", "\(chunk.window) \(chunk.hash): \(chunk.chunk)")
            }
            for chunk in planned {
                let entry = try #require(Self.planned(state, window: chunk.window, index: chunk.index), "\(chunk.window)#\(chunk.index)")
                #expect(entry["records"]?.intValue == Int64(chunk.records.count))
            }
            let posted = Self.posts(try await workspace.summary())
            #expect(posted == Int64(planned.count), "one POST per chunk, no faults")

            let again = try workspace.runImport(["--chunk-size", "50"])
            #expect(again.status == 0, "\(again.output)\(again.error)")
            #expect(Self.posts(try await workspace.summary()) == posted, "the second run sent nothing")
            #expect(again.error.contains("\(planned.count) already completed"), "\(again.error)")
            try await Self.expectExactly(expected, in: workspace)
            #expect(workspace.emulator.orgs[1].postedExternalIds().values.allSatisfy { $0 == 1 })
        }

        // MARK: - 2

        @Test("a second run of the same migration is refused while another process holds the lock, and sends nothing")
        func lockedMigration() async throws {
            let workspace = try ImportWorkspace(records: 150, days: 2)
            let lock = workspace.workspace.lockFile
            let holder = try LockHolder(lock)
            let before = try FileContents.read(path: workspace.workspace.stateFile)
            let run = try workspace.runImport(["--chunk-size", "50"])
            #expect(run.status == 75, "\(run.output)\(run.error)")
            #expect(run.error.contains("process \(holder.pid)"), "\(run.error)")
            #expect(run.error.contains("acme.lock"), "\(run.error)")
            #expect(Self.posts(try await workspace.summary()) == 0)
            #expect(workspace.destinationExternalIds().isEmpty)
            #expect(try FileContents.read(path: workspace.workspace.stateFile) == before)
        }

        // MARK: - 3

        @Test("another chunk size is refused with the differences; --new-state keeps the old state and reports duplicates, --reconcile-duplicates settles them")
        func configurationMismatch() async throws {
            let workspace = try ImportWorkspace(records: 200, days: 2)
            let expected = try workspace.transformedExternalIds()
            let first = try workspace.runImport(["--chunk-size", "50"])
            #expect(first.status == 0, "\(first.output)\(first.error)")
            let posted = Self.posts(try await workspace.summary())
            let stateBefore = try FileContents.read(path: workspace.workspace.stateFile)

            let other = try workspace.runImport(["--chunk-size", "40"])
            #expect(other.status == 78, "\(other.output)\(other.error)")
            #expect(other.error.contains("chunk size: recorded 50, now 40"), "\(other.error)")
            #expect(other.error.contains("--new-state"), "\(other.error)")
            #expect(other.error.contains(workspace.workspace.stateFile), "\(other.error)")
            #expect(Self.posts(try await workspace.summary()) == posted, "nothing sent by the refused run")
            #expect(try FileContents.read(path: workspace.workspace.stateFile) == stateBefore, "the state file is as it was")

            // A fresh import with chunks of 40: the destination holds every record already, and the
            // fresh chunks were never in doubt, so their DUPLICATE_KEY failures are reported (exit 2).
            let fresh = try workspace.runImport(["--chunk-size", "40", "--new-state"])
            #expect(fresh.status == 2, "\(fresh.output)\(fresh.error)")
            #expect(fresh.error.contains("--reconcile-duplicates"), "\(fresh.error)")
            #expect(fresh.error.contains("records the destination already holds"), "\(fresh.error)")
            let stateFolder = workspace.workspace.stateRoot
            let archives = try FileManager.default.contentsOfDirectory(atPath: stateFolder).filter { $0.hasPrefix("acme.json.") && $0.hasSuffix(".old") }
            #expect(archives.count == 1, "\(archives)")
            if let archive = archives.first {
                #expect(try FileContents.read(path: stateFolder + "/" + archive) == stateBefore, "the old state file is kept as it was")
            }
            try await Self.expectExactly(expected, in: workspace)
            let freshState = try workspace.state()
            #expect(freshState["import"]?["configuration"]?["chunkSize"]?.intValue == 40)
            let freshChunks = Self.recordedChunks(freshState)
            #expect(freshChunks.count == (try Self.chunks(workspace, size: 40)).count)
            for chunk in freshChunks {
                #expect(chunk.chunk["status"] == "failed")
                #expect(chunk.chunk["failure"] == "duplicateKey")
            }

            // Asked for, the duplicates are left out: every chunk is done and nothing is duplicated.
            let reconciled = try workspace.runImport(["--chunk-size", "40", "--reconcile-duplicates"])
            #expect(reconciled.status == 0, "\(reconciled.output)\(reconciled.error)")
            try await Self.expectExactly(expected, in: workspace)
            for chunk in Self.recordedChunks(try workspace.state()) {
                #expect(chunk.chunk["status"] == "completed", "\(chunk.chunk)")
                #expect(chunk.chunk["excluded"]?.arrayValue?.count == chunk.chunk["records"]?.intValue.map(Int.init))
            }

            // And in one go: --new-state --reconcile-duplicates with yet another chunk size.
            let oneGo = try workspace.runImport(["--chunk-size", "50", "--new-state", "--reconcile-duplicates"])
            #expect(oneGo.status == 0, "\(oneGo.output)\(oneGo.error)")
            try await Self.expectExactly(expected, in: workspace)
            let state = try workspace.state()
            #expect(state["import"]?["configuration"]?["chunkSize"]?.intValue == 50)
            for chunk in Self.recordedChunks(state) { #expect(chunk.chunk["status"] == "completed", "\(chunk.chunk)") }
        }

        // MARK: - 4

        @Test("a damaged state file (cut short, not JSON, formatVersion 99) is refused with exit 65; it and its .bak stay as they are")
        func damagedStateFile() async throws {
            let workspace = try ImportWorkspace(records: 150, days: 2)
            let first = try workspace.runImport(["--chunk-size", "50"])
            #expect(first.status == 0, "\(first.output)\(first.error)")
            let path = workspace.workspace.stateFile
            let backup = workspace.workspace.stateBackupFile
            let good = try FileContents.read(path: path)
            let backupBytes = try FileContents.read(path: backup)
            let posted = Self.posts(try await workspace.summary())
            var newer = try #require(try workspace.state().objectValue)
            newer["formatVersion"] = .int(99)
            let damaged: [(String, [UInt8])] = [
                ("cut short", Array(good.prefix(good.count / 2))),
                ("not JSON", Array("this is not JSON\n".utf8)),
                ("formatVersion 99", try JSONWriter.pretty(.object(newer), sortedKeys: false)),
            ]
            for (label, bytes) in damaged {
                try AtomicFileWriter.write(bytes, to: path)
                let run = try workspace.runImport(["--chunk-size", "50"])
                #expect(run.status == 65, "\(label): \(run.output)\(run.error)")
                #expect(run.error.contains(path), "\(label): \(run.error)")
                #expect(run.error.contains("cp \(backup) \(path)"), "\(label): \(run.error)")
                if label == "formatVersion 99" { #expect(run.error.contains("formatVersion 99"), "\(run.error)") }
                #expect(try FileContents.read(path: backup) == backupBytes, "\(label): the .bak is unchanged")
                #expect(try FileContents.read(path: path) == bytes, "\(label): the damaged file is left as it was")
                #expect(Self.posts(try await workspace.summary()) == posted, "\(label): nothing sent")
            }
        }

        // MARK: - 5, 6

        /// A destination queue id the transformed records of the default workspace carry (seed 7,
        /// 300 records, 3 days), chosen so that some chunks of 50 carry it and some don't: found
        /// once, with a workspace of its own (the destination's knobs are fixed when it starts).
        static func removedQueue() throws -> String {
            if let known = removedQueueCache.withLock({ $0 }) { return known }
            let probe = try ImportWorkspace(records: 300, days: 3)
            let chunks = try Self.chunks(probe, size: 50)
            var carriers: [String: Int] = [:]
            for chunk in chunks {
                for queue in Set(chunk.records.flatMap(Self.queueIds)) { carriers[queue, default: 0] += 1 }
            }
            // The queue in the fewest chunks (at least one): most chunks complete.
            let queue = try #require(carriers.filter { $0.value < chunks.count }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.first?.key)
            removedQueueCache.withLock { $0 = queue }
            return queue
        }

        static let removedQueueCache = Mutex<String?>(nil)

        /// A workspace whose destination refuses `removedQueue` in import jobs, and the chunks of 50.
        static func invalidReferenceWorkspace() throws -> (ImportWorkspace, [(window: String, index: Int, records: [JSONValue])]) {
            let removed = try removedQueue()
            let workspace = try ImportWorkspace(records: 300, days: 3, knobs: knobs { $0.queuesRemovedMidRun = [removed] })
            return (workspace, try chunks(workspace, size: 50))
        }

        @Test("INVALID_REFERENCE from the jobs: exit 2, the failed chunks named and recorded with their errors, the others completed")
        func invalidReference() async throws {
            let removed = try Self.removedQueue()
            let (workspace, chunks) = try Self.invalidReferenceWorkspace()
            let failing = chunks.filter { $0.records.contains { Self.queueIds($0).contains(removed) } }
            try #require(!failing.isEmpty && failing.count < chunks.count, "\(failing.count) of \(chunks.count)")
            let run = try workspace.runImport(["--chunk-size", "50"])
            #expect(run.status == 2, "\(run.output)\(run.error)")
            #expect(run.error.contains("INVALID_REFERENCE"), "\(run.error)")
            #expect(run.error.contains(removed), "\(run.error)")
            for chunk in failing {
                #expect(run.error.contains("chunk \(chunk.window)#\(chunk.index) (\(chunk.records.count) records) failed"), "\(run.error)")
            }
            let state = try workspace.state()
            for chunk in chunks {
                let entry = try #require(Self.planned(state, window: chunk.window, index: chunk.index))
                if failing.contains(where: { $0.window == chunk.window && $0.index == chunk.index }) {
                    #expect(entry["status"] == "failed", "\(entry)")
                    #expect(entry["failure"] == "invalidReference", "\(entry)")
                    let errors = entry["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    #expect(!errors.isEmpty)
                    #expect(errors.allSatisfy { $0.contains("INVALID_REFERENCE") && $0.contains(removed) }, "\(errors)")
                    // Every offending reference of every record is listed.
                    let references = chunk.records.filter { Self.queueIds($0).contains(removed) }.count
                    #expect(errors.count >= min(references, ImportChunkState.maximumErrors), "\(errors.count) errors, \(references) records")
                } else {
                    #expect(entry["status"] == "completed", "\(entry)")
                }
            }
            let notFailed = Set(chunks.filter { chunk in !failing.contains { $0.window == chunk.window && $0.index == chunk.index } }
                .flatMap { $0.records.map { $0["externalId"]!.stringValue! } })
            try await Self.expectExactly(notFailed, in: workspace)
        }

        @Test("the mapping fixed, transformed again and imported again: exactly the missing records, completed chunks not sent again")
        func fixedMappingImportsTheRest() async throws {
            let removed = try Self.removedQueue()
            let (workspace, chunks) = try Self.invalidReferenceWorkspace()
            let first = try workspace.runImport(["--chunk-size", "50"])
            #expect(first.status == 2, "\(first.output)\(first.error)")
            let failing = chunks.filter { $0.records.contains { Self.queueIds($0).contains(removed) } }
            let completedFirst = Set(chunks.filter { chunk in !failing.contains { $0.window == chunk.window && $0.index == chunk.index } }
                .flatMap { $0.records.map { $0["externalId"]!.stringValue! } })
            let failedFirst = Set(failing.flatMap { $0.records.map { $0["externalId"]!.stringValue! } })
            try #require(!completedFirst.isEmpty && !failedFirst.isEmpty)

            // Map every source queue that led to the removed queue to another destination queue.
            var mapping = try MappingFile.read(path: workspace.workspace.mappingFile)
            let replacement = try #require(workspace.emulator.orgs[1].content.queues.first { $0.id != removed })
            var queues = mapping.queues
            var changed = 0
            for position in queues.indices where queues[position].destinationId == removed {
                queues[position].destinationId = replacement.id
                queues[position].destinationName = replacement.name
                queues[position].match = .manual
                queues[position].candidates = []
                changed += 1
            }
            try #require(changed > 0)
            mapping.queues = queues
            try mapping.write(to: workspace.workspace.mappingFile)
            let transform = try workspace.transform()
            #expect(transform.status == 0, "\(transform.output)\(transform.error)")
            let expected = try workspace.transformedExternalIds()
            #expect(expected == completedFirst.union(failedFirst))
            #expect(try Self.transformed(workspace).allSatisfy { !$0.records.contains { Self.queueIds($0).contains(removed) } })

            let second = try workspace.runImport(["--chunk-size", "50"])
            #expect(second.status == 0, "\(second.output)\(second.error)")
            #expect(second.output.contains("was planned again"), "\(second.output)")
            try await Self.expectExactly(expected, in: workspace)
            let posted = workspace.emulator.orgs[1].postedExternalIds()
            for id in completedFirst { #expect(posted[id] == 1, "\(id) completed in the first run, posted \(posted[id] ?? 0) times") }
            for id in failedFirst { #expect(posted[id] == 2, "\(id) failed in the first run, posted \(posted[id] ?? 0) times") }

            // A third run has nothing to do.
            let before = Self.posts(try await workspace.summary())
            let third = try workspace.runImport(["--chunk-size", "50"])
            #expect(third.status == 0, "\(third.output)\(third.error)")
            #expect(Self.posts(try await workspace.summary()) == before)
        }

        // MARK: - 7

        @Test("pre-flight: a mapped destination queue that doesn't exist stops the run with exit 3 and sends nothing")
        func preflight() async throws {
            let workspace = try ImportWorkspace(records: 200, days: 2)
            // The source queue the exported records use most, mapped to an id the destination lacks.
            let missing = "0badc0de-0000-4000-8000-00000000beef"
            let entry = try workspace.mapMostUsedQueue(to: missing)
            let carriers = try Self.transformed(workspace).flatMap(\.records).filter { Self.queueIds($0).contains(missing) }.count
            try #require(carriers > 0)

            let run = try workspace.runImport(["--chunk-size", "50"])
            #expect(run.status == 3, "\(run.output)\(run.error)")
            #expect(run.error.contains("queue \(missing): not in the destination, carried by \(carriers) record"), "\(run.error)")
            #expect(run.error.contains("'\(entry.sourceName)' (source id \(entry.sourceId))"), "\(run.error)")
            #expect(run.error.contains("nothing was sent"), "\(run.error)")
            #expect(Self.posts(try await workspace.summary()) == 0)
            #expect(workspace.destinationExternalIds().isEmpty)
            // Nothing recorded as sent.
            #expect(Self.recordedChunks(try workspace.state()).isEmpty)

            // --new-state runs in quick succession (these stop at the pre-flight check within a
            // second or so) each keep the state file they found under a name of its own.
            var kept: [String] = []
            for _ in 0..<3 {
                let fresh = try workspace.runImport(["--chunk-size", "50", "--new-state"])
                #expect(fresh.status == 3, "\(fresh.output)\(fresh.error)")
                let line = try #require(fresh.error.split(separator: "\n").first { $0.contains("is kept as ") }, "\(fresh.error)")
                kept.append(String(line[line.range(of: "is kept as ")!.upperBound...]))
            }
            #expect(Set(kept).count == 3, "\(kept)")
            for path in kept { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
            #expect(Self.posts(try await workspace.summary()) == 0)
        }

        // MARK: - 8

        @Test("the source org given as the destination is refused with exit 78, and nothing is sent")
        func sourceAsDestination() async throws {
            let workspace = try ImportWorkspace(records: 150, days: 2)
            let source = workspace.emulator.endpoint("source")!
            let arguments = ["import", "--name", workspace.name, "--workspace", workspace.root, "--dest-api", workspace.sourceAPI, "--chunk-size", "50"]
            var environment = workspace.environment
            environment["DEST_CLIENT_ID"] = source.clientId
            environment["DEST_CLIENT_SECRET"] = source.clientSecret
            let run = try ToolProcess.run(arguments, environment: environment)
            #expect(run.status == 78, "\(run.output)\(run.error)")
            #expect(run.error.contains("is the migration's source org"), "\(run.error)")
            #expect(run.error.contains(source.id), "\(run.error)")
            #expect(Self.posts(try await Self.summary(api: workspace.sourceAPI)) == 0)
            #expect(Self.posts(try await workspace.summary()) == 0)
            #expect(workspace.emulator.orgs[0].postedExternalIds().isEmpty)
            #expect(try workspace.state()["import"]?["configuration"] == nil, "no import configuration recorded")
        }

        // MARK: - 9

        static let faultyKnobs = knobs {
            $0.fault503Share = 0.05
            $0.faultDropShare = 0.02
            $0.stormEverySeconds = 4
            $0.tokenLifetimeSeconds = 3
            $0.rateLimit = 60
            $0.rateWindowSeconds = 10
        }

        @Test("429 storms, 503s, dropped connections and short-lived tokens: every record once, no request sent inside a Retry-After")
        func faultyDestination() async throws {
            // The command, as an admin runs it.
            let workspace = try ImportWorkspace(records: 300, days: 3, knobs: Self.faultyKnobs)
            let expected = try workspace.transformedExternalIds()
            var run = try workspace.runImport(["--chunk-size", "25"])
            var reruns = 0
            while run.status == 1 && reruns < 3 {
                reruns += 1
                run = try workspace.runImport(["--chunk-size", "25"])
            }
            #expect(run.status == 0, "after \(reruns) re-runs: \(run.output)\(run.error)")
            try await Self.expectExactly(expected, in: workspace)
            for chunk in Self.recordedChunks(try workspace.state()) { #expect(chunk.chunk["status"] == "completed", "\(chunk.chunk)") }
            let summary = try await workspace.summary()
            #expect((summary["rejected429"]?.intValue ?? 0) > 0, "\(summary)")

            // The same import in-process, every request recorded from the client's side: none is sent
            // after a 429 came back and before its Retry-After ran out (contract §3.2). (The
            // emulator sees only arrivals, so it can't tell a late request from one already on its
            // way on another connection on a loaded machine; the client's own record can.)
            let traced = try ImportWorkspace(records: 300, days: 3, knobs: Self.faultyKnobs)
            let log = RecordingTransport()
            let destination = traced.emulator.endpoint("destination")!
            let client = OrgClient(label: "destination", endpoint: try OrgEndpoint(apiBase: destination.apiBase),
                                   credentials: OrgCredentials(clientId: destination.clientId, clientSecret: Secret(destination.clientSecret)),
                                   transport: log)
            var complete = false
            for _ in 0..<4 where !complete {
                let store = try StateStore(traced.workspace)
                let result = try await ImportPhase(workspace: traced.workspace, client: client, options: .init(chunkSize: 25)).run(store: store)
                try await store.close()
                complete = result.isComplete
            }
            #expect(complete)
            try await Self.expectExactly(try traced.transformedExternalIds(), in: traced)
            let exchanges = log.exchanges.withLock { $0 }.filter { $0.url.hasPrefix(destination.apiBase + "/api/v2/") }
            #expect(exchanges.contains { $0.status == 429 }, "the storms were met")
            for refused in exchanges where refused.status == 429 {
                let wait = try #require(refused.retryAfter, "a 429 without Retry-After")
                for other in exchanges where other.sent > refused.received && other.sent < refused.received + wait {
                    Issue.record("\(other.method) \(other.url) sent \(other.sent - refused.received) s after a 429 with Retry-After \(wait)")
                }
            }
            let tracedSummary = try await traced.summary()
            // The faults did happen (the share is small: counted over both orgs).
            let injected = (summary["injected503"]?.intValue ?? 0) + (tracedSummary["injected503"]?.intValue ?? 0)
            #expect(injected > 0, "\(summary)\n\(tracedSummary)")
        }

        // MARK: - 10

        @Test("--chunk-size 0 and 1001 are usage errors (exit 64) and nothing is written or sent")
        func chunkSizeOutOfRange() async throws {
            let workspace = try ImportWorkspace(records: 150, days: 2)
            let stateFolder = workspace.workspace.stateRoot
            func snapshot() throws -> [String: [UInt8]] {
                var out: [String: [UInt8]] = [:]
                for file in try FileManager.default.contentsOfDirectory(atPath: stateFolder) {
                    var folder: ObjCBool = false
                    if FileManager.default.fileExists(atPath: stateFolder + "/" + file, isDirectory: &folder), !folder.boolValue {
                        out[file] = try FileContents.read(path: stateFolder + "/" + file)
                    }
                }
                return out
            }
            let before = try snapshot()
            for size in ["0", "1001"] {
                let run = try workspace.runImport(["--chunk-size", size])
                #expect(run.status == 64, "\(size): \(run.output)\(run.error)")
                #expect(run.error.contains("--chunk-size"), "\(size): \(run.error)")
                #expect(try snapshot() == before, "\(size): the state folder is unchanged")
            }
            #expect(try workspace.state()["import"]?["configuration"] == nil)
            #expect(Self.posts(try await workspace.summary()) == 0)
        }
    }
}


/// A transport that records every exchange: when it was sent and answered, on one clock.
final class RecordingTransport: HTTPTransport {
    struct Exchange: Sendable {
        var method: String
        var url: String
        var sent: Double
        var received: Double
        /// -1: no answer.
        var status: Int
        var retryAfter: Double?
    }

    let inner = URLSessionTransport()
    let exchanges = Mutex<[Exchange]>([])

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let sent = ProcessInfo.processInfo.systemUptime
        var exchange = Exchange(method: request.method, url: request.url, sent: sent, received: sent, status: -1)
        defer {
            exchange.received = ProcessInfo.processInfo.systemUptime
            exchanges.withLock { $0.append(exchange) }
        }
        let response = try await inner.send(request)
        exchange.status = response.status
        exchange.retryAfter = response.header("Retry-After").flatMap(Double.init)
        return response
    }
}

