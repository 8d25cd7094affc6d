import Essentials
import Foundation
import Testing

@testable import MigrationKit

@Suite("Verify: which windows are checked, and the export ranges that cut them")
struct VerifyPlanTests {
    static let now = ISOTimestamp(year: 2025, month: 1, day: 1)

    static func day(_ day: Int, hours: Int = 24) -> ExportWindow {
        let start = ISOTimestamp(year: 2024, month: 1, day: day)
        return ExportWindow(start: start, end: start.adding(seconds: Int64(hours) * 3600))
    }

    @Test("consecutive windows of one length share a range, which cuts exactly them")
    func oneRange() throws {
        let windows = [Self.day(1), Self.day(2), Self.day(3, hours: 6)]
        let ranges = try VerifyPhase.ranges(windows, now: Self.now)
        #expect(ranges.count == 1)
        #expect(ranges.flatMap(\.windows) == windows)
    }

    @Test("a gap, another length or a short window in the middle starts a new range", arguments: [
        [day(1), day(3)],
        [day(1), day(2, hours: 6), day(3)],
        [day(1, hours: 6), day(2), day(3)],
    ])
    func severalRanges(_ windows: [ExportWindow]) throws {
        let ranges = try VerifyPhase.ranges(windows.reversed(), now: Self.now)
        #expect(ranges.count >= 2)
        #expect(ranges.flatMap(\.windows) == windows, "the ranges cut exactly the windows, in time order")
    }

    @Test("windows the transform blocked, changed files and untransformed exports are not checked, each with its fix")
    func plan() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("verify-plan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workspace = try MigrationWorkspace(root: root, name: "acme")
        try FileManager.default.createDirectory(atPath: workspace.transformedFolder, withIntermediateDirectories: true)
        var state = MigrationState()
        let windows = (1...5).map { Self.day($0) }
        for window in windows {
            state.export.windows[window.name] = ExportWindowState(start: window.start, end: window.end, sourceKind: "interaction-export", status: .completed)
        }
        func transformed(_ window: ExportWindow, sha256: String?) {
            var result = WindowTransform.Result()
            result.outputSHA256 = sha256
            state.transform.windows[window.name] = TransformWindowState(
                fingerprint: TransformFingerprint(inputSHA256: "", mappingSHA256: "", policy: .fail, fallbackWrapupCodeId: nil, destinationFields: []),
                result: result)
        }
        // 1: good. 2: blocked. 3: its file changed. 4: its file is gone. 5: not transformed.
        let good = Array("{\"externalId\":\"s:1\"}\n".utf8)
        try AtomicFileWriter.write(good, to: workspace.transformedFile(window: windows[0].name))
        transformed(windows[0], sha256: SHA256.hash(good).hex)
        transformed(windows[1], sha256: nil)
        try AtomicFileWriter.write(Array("{}\n".utf8), to: workspace.transformedFile(window: windows[2].name))
        transformed(windows[2], sha256: SHA256.hash(good).hex)
        transformed(windows[3], sha256: SHA256.hash(good).hex)
        let (checkable, unchecked) = VerifyPhase.plan(state: state, workspace: workspace)
        #expect(checkable.map(\.name) == [windows[0].name])
        #expect(checkable.first?.window == windows[0])
        let reasons = Dictionary(uniqueKeysWithValues: unchecked.map { ($0.window, $0.notCheckedReason ?? "") })
        #expect(reasons.count == 4)
        #expect(reasons[windows[1].name]?.contains("unmapped references") == true)
        #expect(reasons[windows[2].name]?.contains("SHA-256 differs") == true)
        #expect(reasons[windows[3].name]?.contains("is missing") == true)
        #expect(reasons[windows[4].name]?.contains("exported but not transformed") == true)
        #expect(VerifySummary.verdict(of: unchecked) == .incomplete)
    }

    @Test("the verdict: matched only when every window matched")
    func verdicts() {
        var exact = ExternalIdComparison()
        exact.expected = 3
        var off = exact
        off.missing = 1
        let matched = VerifyWindowResult(window: "a", comparison: exact)
        let differs = VerifyWindowResult(window: "b", comparison: off)
        let unchecked = VerifyWindowResult(window: "c", status: .notChecked("why"))
        #expect(matched.status == .matched && differs.status == .differs)
        #expect(VerifySummary.verdict(of: [matched, matched]) == .matched)
        #expect(VerifySummary.verdict(of: [matched, differs, unchecked]) == .mismatched)
        #expect(VerifySummary.verdict(of: [matched, unchecked]) == .incomplete)
        #expect(VerifySummary.verdict(of: []) == .incomplete)
    }

    @Test("the verification workspace lives under state/NAME/verify/, apart from the migration's files")
    func verificationWorkspace() throws {
        let workspace = try MigrationWorkspace(root: "/w", name: "acme")
        let verification = try workspace.verificationWorkspace
        #expect(verification.root == "/w/state/acme/verify")
        #expect(verification.stateFile == "/w/state/acme/verify/state/acme.json")
        #expect(verification.exportFolder == "/w/state/acme/verify/state/acme/export")
        #expect(verification.mappingFile != workspace.mappingFile)
    }
}
