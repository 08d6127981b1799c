import FeeSimScenario
import Foundation
import Testing

/// `feesim pilot-records` and `feesim update` as a user runs them: a simulated pilot with its truth in the file, an
/// update of the mixed community end to end (its files documented, its sample readable by `compare --posterior`),
/// and bad pilot files refused with nothing half-written.
@Suite(.serialized) struct UpdateCommandTests {
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feesim-update-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aSimulatedPilotsRecordsNameTheirTruthAndReadBack() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("pilot.csv").path
        let run = try Binary.feesim(
            ["pilot-records", "Scenarios/mixed/full-plan.yaml", "--set", "levers.assistance.detection_prob=0.45", "-o", out],
            in: Fixture.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        let records = try PilotRecords.load(path: out)
        #expect(records.notes.contains("truth levers.assistance.detection_prob = 0.45"))
        #expect(records.buildings(.treated).count == 3 && records.buildings(.control).count == 3 && records.months == 3...6)
        #expect(records.rows.count == 24 && records.events.count == 8)
        DataDictionaryTests.expectExactly(records.columns, "pilot records CSV", try DataDictionary.load())
        // The same command writes the same file; another replication another pilot.
        let again = try Binary.feesim(
            ["pilot-records", "Scenarios/mixed/full-plan.yaml", "--set", "levers.assistance.detection_prob=0.45", "-o", out + "2"],
            in: Fixture.packageRoot)
        #expect(again.status == 0)
        #expect(try PilotRecords.load(path: out + "2").rows == records.rows)
    }

    @Test func anUpdateOfTheMixedCommunityWritesWhatThePilotTaughtAndADocumentedSample() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.feesim(
            [
                "update", "Scenarios/mixed/compare.yaml", "--pilot", "Scenarios/mixed/pilot-observed.csv", "--particles", "20",
                "--waves", "2", "--uncertainty", "2", "--uncertainty-replications", "2", "--out", dir.path, "-q"
            ], in: Fixture.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        let folder = dir.appendingPathComponent("mixed-compare-update")
        func read(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
        let md = try read("update.md")
        #expect(md.hasPrefix("# What the pilot taught us: "))
        #expect(md.contains("**Roll out ") || md.contains("**Do not roll out.**"))
        #expect(md.contains("`levers.assistance.detection_prob`"))
        let doc = try DataDictionary.load()
        DataDictionaryTests.expectExactly(DataDictionaryTests.header(try read("parameters.csv")), "update parameters.csv", doc)
        DataDictionaryTests.expectExactly(DataDictionaryTests.header(try read("checks.csv")), "update checks.csv", doc)
        DataDictionaryTests.expectExactly(DataDictionaryTests.header(try read("decision.csv")), "decision.csv", doc)
        DataDictionaryTests.expectExactly(DataDictionaryTests.header(try read("waves.csv")), "update waves.csv", doc)
        let manifestData = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        DataDictionaryTests.expectExactly(try DataDictionaryTests.keys(manifestData), "update manifest.json", kind: "key", doc)
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        #expect(manifest["pilot"] as? String == "Scenarios/mixed/pilot-observed.csv")
        let pilotHash = SHA256.hex(
            of: try Data(contentsOf: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/pilot-observed.csv")))
        #expect((manifest["inputs"] as? [String: String])?["Scenarios/mixed/pilot-observed.csv"] == pilotHash)
        // The sample holds the lever effects beside the behaviour, and `compare --posterior` accepts it.
        let sample = try PosteriorSample.load(path: folder.appendingPathComponent("posterior.csv").path)
        #expect(sample.names.contains("levers.assistance.detection_prob") && sample.names.contains("behaviour.withhold_share"))
        #expect(sample.values.count == 20)
        let decisions = try read("decision.csv").split(separator: "\n")
        #expect(decisions.count == 1 + 2 * 9, "8 strategies and an evpi row, before and after")
        let compare = try Binary.feesim(
            [
                "compare", "Scenarios/mixed/compare.yaml", "--posterior", folder.appendingPathComponent("posterior.csv").path,
                "-r", "2", "--uncertainty", "2", "--uncertainty-replications", "2", "--no-tornado", "--out", dir.path, "-q"
            ], in: Fixture.packageRoot)
        #expect(compare.status == 0, "\(compare.stderr)")
    }

    @Test func aPilotFileFromAnotherCommunityIsRefusedAndNothingIsWritten() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pilot = dir.appendingPathComponent("pilot.csv")
        try "building,month,arm,households,billed,collected\n40,3,treated,10,100,90\n2,3,control,10,100,80\n"
            .write(to: pilot, atomically: true, encoding: .utf8)
        let run = try Binary.feesim(
            ["update", "Scenarios/mixed/compare.yaml", "--pilot", pilot.path, "--out", dir.appendingPathComponent("out").path, "-q"],
            in: Fixture.packageRoot)
        #expect(run.status != 0)
        #expect(run.stderr.contains("pilot.csv") && run.stderr.contains("numbered 1…12"), "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Stack"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/mixed-compare-update").path))
        let rung = dir.appendingPathComponent("rung.csv")
        try "building,month,arm,households,billed,collected,contacts_smart_fax\n1,3,treated,100,100,90,4\n2,3,control,100,100,80,0\n"
            .write(to: rung, atomically: true, encoding: .utf8)
        let fax = try Binary.feesim(["update", "Scenarios/mixed/compare.yaml", "--pilot", rung.path, "-q"], in: Fixture.packageRoot)
        #expect(fax.status != 0 && fax.stderr.contains("contacts_smart_fax") && fax.stderr.contains("contacts_smart_sms"), "\(fax.stderr)")
        let unknown = try Binary.feesim(
            ["update", "Scenarios/mixed/compare.yaml", "--pilot", "Scenarios/mixed/pilot-observed.csv", "--strategy", "everything", "-q"],
            in: Fixture.packageRoot)
        #expect(unknown.status != 0 && unknown.stderr.contains("mixed-full-plan"), "\(unknown.stderr)")
    }
}
