import Essentials

extension EmulatedOrg {
    static let interactionTypes: Set<String> = ["voice", "chat", "email", "message", "callback"]

    /// `POST /api/v2/interaction/export` (§7.1).
    func createExport(_ request: HTTPRequest, now: Double) -> HTTPResponse {
        let body: JSONObject
        switch jsonObject(request) {
        case .success(let object): body = object
        case .failure(let failure): return failure.response
        }
        guard let startText = body["startDate"]?.stringValue, let start = ISOTimestamp(startText),
              let endText = body["endDate"]?.stringValue, let end = ISOTimestamp(endText)
        else {
            return error(400, "bad.request", "startDate and endDate must be ISO-8601 UTC times")
        }
        guard start < end else { return error(400, "invalid.date.range", "startDate must be before endDate") }
        guard end.millisecondsSinceEpoch - start.millisecondsSinceEpoch <= 31 * 86_400_000 else {
            return error(400, "invalid.date.range", "an export window spans at most 31 days")
        }
        let version = body["schemaVersion"]?.stringValue ?? content.schemaVersions.first ?? "v2.1"
        guard let fields = schemaFields[version] else {
            return error(400, "SCHEMA_INCOMPATIBLE", "schema version \(version) is not supported by this org; it supports \(content.schemaVersions.joined(separator: ", "))")
        }
        let format = body["format"]?.stringValue ?? "json"
        guard format == "json" || format == "jsonl" else {
            return error(400, "bad.request", "format must be json or jsonl")
        }
        var types = EmulatedOrg.interactionTypes
        if let asked = body["interactionTypes"] {
            guard let list = asked.arrayValue?.compactMap(\.stringValue), !list.isEmpty,
                  list.allSatisfy(EmulatedOrg.interactionTypes.contains) else {
                return error(400, "bad.request", "interactionTypes must list some of voice, chat, email, message, callback")
            }
            types = Set(list)
        }
        let transcripts = body["includeTranscripts"]?.boolValue ?? false
        let media = body["includeMedia"]?.boolValue ?? false
        return state.withLock { state in
            var records: [JSONValue] = []
            for record in state.interactions {
                guard let text = record["startTime"]?.stringValue, let time = ISOTimestamp(text),
                      time >= start, time < end, let type = record["type"]?.stringValue, types.contains(type),
                      case .object(var object) = record else { continue }
                object.removeAll { member in
                    !fields.contains(member.key) || (member.key == "transcripts" && !transcripts)
                        || (member.key == "media" && !media)
                }
                records.append(.object(object))
            }
            let id = state.random.uuidString()
            let fails = knobs.failExportJobsShare > 0 && state.draw() < knobs.failExportJobsShare
            state.exportJobs[id] = ExportJob(id: id, createdAt: now, readyAt: now + knobs.jobSeconds(records: records.count),
                                             schemaVersion: version, format: format, records: fails ? [] : records, fails: fails)
            return .json(202, ["id": .string(id), "status": "queued", "createdDate": EmulatedOrg.iso(now)])
        }
    }

    /// `GET /api/v2/interaction/export/{jobId}` (§7.1), with a fresh download URL once the last expired.
    func exportStatus(_ id: String, now: Double) -> HTTPResponse {
        state.withLock { state in
            guard var job = state.exportJobs[id] else {
                return error(404, "not.found", "export job \(id) does not exist")
            }
            var body = JSONObject([("id", .string(id)), ("schemaVersion", .string(job.schemaVersion)),
                                   ("createdDate", EmulatedOrg.iso(job.createdAt))])
            let queuedUntil = job.createdAt + (job.readyAt - job.createdAt) / 3
            if now < queuedUntil {
                body["status"] = "queued"
            } else if now < job.readyAt {
                body["status"] = "running"
            } else if job.fails {
                body["status"] = "failed"
                body["error"] = ["code": "export.failed",
                                 "message": "The export job failed in the emulator (failJobsShare); submit the window again as a new job"]
                body["completedDate"] = EmulatedOrg.iso(job.readyAt)
            } else {
                let expires = now + knobs.downloadURLLifetimeSeconds
                let truncate = knobs.faultTruncateShare > 0 && state.draw() < knobs.faultTruncateShare
                if let token = job.downloadToken {
                    if now >= job.downloadExpiresAt, let fresh = storage.renew(token, expiresAt: expires, truncate: truncate) {
                        job.downloadToken = fresh
                        job.downloadExpiresAt = expires
                    }
                } else {
                    job.downloadToken = storage.put(EmulatedOrg.exportBody(job.records, format: job.format),
                                                    contentType: job.format == "jsonl" ? "application/x-ndjson" : "application/json",
                                                    expiresAt: expires, truncate: truncate)
                    job.downloadExpiresAt = expires
                }
                state.exportJobs[id] = job
                body["status"] = "completed"
                body["recordCount"] = .int(Int64(job.records.count))
                body["downloadUrl"] = .string("\(storageBase)/exports/\(job.downloadToken ?? "")")
                body["downloadUrlExpiresAt"] = EmulatedOrg.iso(job.downloadExpiresAt)
                body["completedDate"] = EmulatedOrg.iso(job.readyAt)
            }
            return .json(200, .object(body))
        }
    }

    /// The records as one JSON array (`json`) or one compact record per line (`jsonl`).
    static func exportBody(_ records: [JSONValue], format: String) -> [UInt8] {
        var out: [UInt8] = []
        var writer = JSONWriter(style: .compact)
        if format == "jsonl" {
            for record in records {
                try? writer.append(record, to: &out)
                out.append(UInt8(ascii: "\n"))
            }
        } else {
            out.append(UInt8(ascii: "["))
            for (i, record) in records.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try? writer.append(record, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        return out
    }
}
