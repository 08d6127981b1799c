import FeeSimScenario
import Foundation
import Testing

/// The manifests of `sweep`, `robust`, `calibrate` and `pilot` record where their inputs are relative to the
/// project (the working directory), the SHA-256 of every file they read, their settings and the whole job's wall
/// time; and robust's worlds.csv is tidy long, keyed by (world, strategy) with the strategy's scenario name.
@Suite(.serialized) struct ManifestInputTests {
    static func manifest(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The SHA-256 of each named file of `dir`, as a manifest's `inputs` should hold it.
    static func hashes(_ names: [String], in dir: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in names { out[name] = SHA256.hex(of: try Data(contentsOf: dir.appendingPathComponent(name))) }
        return out
    }

    static func expectWallTime(_ m: [String: Any], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let wall = m["wall_time_seconds"] as? Double ?? -1
        #expect(wall > 0 && wall < 600, "wall_time_seconds \(wall)", sourceLocation: sourceLocation)
    }

    @Test func aSweepShardsManifestNamesItsInputsRelativelyWithTheirHashesSettingsAndWallTime() throws {
        let dir = try SweepCommandTests.studyFolder(points: 6)
        defer { try? FileManager.default.removeItem(at: dir) }
        for part in ["0/2", "1/2"] {
            let run = try Binary.feesim(["sweep", "study.yaml", "--shard", part, "--out", "out", "-q"], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let m = try Self.manifest(dir.appendingPathComponent("out/study/manifest.shard-1-of-2.json"))
        #expect(m["study"] as? String == "study.yaml")
        #expect(m["inputs"] as? [String: String] == (try Self.hashes(["study.yaml", "base.yaml"], in: dir)))
        #expect(m["months"] as? Int == 3 && m["generator"] as? String == "mt19937" && m["shard"] as? String == "1/2")
        #expect(m["against"] == nil)
        Self.expectWallTime(m)
        // A changed base scenario changes its hash and nothing else's.
        try "# edited\n".appendingToFile(dir.appendingPathComponent("base.yaml"))
        let again = try Binary.feesim(["sweep", "study.yaml", "--out", "out2", "-q"], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        let m2 = try Self.manifest(dir.appendingPathComponent("out2/study/manifest.json"))
        let inputs = try #require(m2["inputs"] as? [String: String])
        #expect(inputs["base.yaml"] != (m["inputs"] as? [String: String])?["base.yaml"])
        #expect(inputs == (try Self.hashes(["study.yaml", "base.yaml"], in: dir)))
    }

    @Test func aRobustStudysManifestAndTidyWorldsKeyedByScenarioName() throws {
        let dir = try StudyPipelineTests.robustFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.feesim(["robust", "robust.yaml", "--out", "out", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let folder = dir.appendingPathComponent("out/robust")
        let m = try Self.manifest(folder.appendingPathComponent("manifest.json"))
        #expect(m["study"] as? String == "robust.yaml" && m["comparison"] as? String == "compare.yaml")
        #expect(
            m["inputs"] as? [String: String]
                == (try Self.hashes(["robust.yaml", "compare.yaml", "none.yaml", "both.yaml"], in: dir)))
        Self.expectWallTime(m)

        // worlds.csv: one row per (world, strategy), the strategy by scenario name, the baseline's net benefit 0.
        let rows = try String(contentsOf: folder.appendingPathComponent("worlds.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows[0] == ["world", "behaviour.beta_trust", "strategy", "net_benefit", "p_meets_target"])
        let body = rows.dropFirst()
        #expect(body.count == 4 * 2)
        #expect(body.map { "\($0[0])/\($0[2])" } == (0..<4).flatMap { ["\($0)/none", "\($0)/both"] })
        #expect(body.filter { $0[2] == "none" }.allSatisfy { Double($0[3]) == 0 })
        #expect(body.allSatisfy { (0...1).contains(Double($0[4]) ?? -1) })
        // A world's parameter value is the same on each of its rows.
        for w in 0..<4 { #expect(Set(body.filter { $0[0] == String(w) }.map { $0[1] }).count == 1) }
        // strategies.csv: the same key, the title beside it.
        let strategies = try String(contentsOf: folder.appendingPathComponent("strategies.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(strategies[0].prefix(2) == ["strategy", "title"])
        #expect(Set(strategies.dropFirst().map { $0[0] }) == ["none", "both"])
        // Each strategy's mean net benefit is the mean of its worlds' rows.
        for row in strategies.dropFirst() {
            let worlds = body.filter { $0[2] == row[0] }.map { Double($0[3])! }
            #expect(abs(Double(row[2])! - worlds.reduce(0, +) / 4) <= 1e-6 * max(1, abs(Double(row[2])!)))
        }
    }

    @Test func calibrateAndPilotManifestsRecordTheScenarioRelativelyAndEveryFileItReadHashed() throws {
        let dir = try SweepCommandTests.studyFolder(points: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A scenario extending another: both are inputs.
        try "extends: base.yaml\nseed: 9\ncommunity:\n  households: 40\n  buildings: 4\n".write(
            to: dir.appendingPathComponent("child.yaml"), atomically: true, encoding: .utf8)
        let calibrate = try Binary.feesim(
            [
                "calibrate", "child.yaml", "--target", "collection_rate_year_1=0.8", "--parameter", "behaviour.beta_trust=1:3",
                "--months", "12", "--replications", "2", "--max-iterations", "3", "--out", "out", "-q"
            ], in: dir)
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        let c = try Self.manifest(dir.appendingPathComponent("out/child-calibration/manifest.json"))
        #expect(c["scenario"] as? String == "child.yaml")
        #expect(c["inputs"] as? [String: String] == (try Self.hashes(["child.yaml", "base.yaml"], in: dir)))
        Self.expectWallTime(c)

        let pilot = try Binary.feesim(
            ["pilot", "child.yaml", "--treated", "2", "--months", "3", "--replications", "10", "--no-narrowing", "--out", "out", "-q"],
            in: dir)
        #expect(pilot.status == 0, "\(pilot.stderr)")
        let p = try Self.manifest(dir.appendingPathComponent("out/child-pilot/manifest.json"))
        #expect(p["challenger"] as? String == "child.yaml")
        #expect(p["inputs"] as? [String: String] == (try Self.hashes(["child.yaml", "base.yaml"], in: dir)))
        Self.expectWallTime(p)
    }

    @Test func aPosteriorCalibrationsManifestRecordsItsFilesRelativelyHashedAndItsKeysAreDocumented() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        months: 12
        community:
          households: 40
          buildings: 2
          fee_rate: 2
          warmup_months: 6
          segments:
            owner: {share: 1, propensity: {a: 3, b: 1}, trust: {a: 4, b: 2}}
        rollout: []
        """.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try """
        months: 12
        targets:
          collection_rate_year_1: {value: 0.8, sd: 0.03, source: "a test"}
        parameters:
          behaviour.repay_all_prob: {min: 0.3, max: 0.95}
        posterior: {particles: 20, replications: 2, waves: 2, seed: 3}
        """.write(to: dir.appendingPathComponent("targets.yaml"), atomically: true, encoding: .utf8)
        let run = try Binary.feesim(["calibrate", "base.yaml", "--targets", "targets.yaml", "--out", "out", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let folder = try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path)
                .first { $0.hasSuffix("-posterior") && !$0.hasPrefix(".") })
        let url = dir.appendingPathComponent("out/\(folder)/manifest.json")
        let m = try Self.manifest(url)
        #expect(m["scenario"] as? String == "base.yaml" && m["targets"] as? String == "targets.yaml")
        #expect(m["posterior_file"] as? String == "posterior.csv")
        #expect(m["inputs"] as? [String: String] == (try Self.hashes(["base.yaml", "targets.yaml"], in: dir)))
        Self.expectWallTime(m)
        let doc = try DataDictionary.load()
        DataDictionaryTests.expectExactly(
            try DataDictionaryTests.keys(Data(contentsOf: url)), "posterior manifest.json", kind: "key", doc)
    }
}

extension String {
    /// Appends the string's UTF-8 bytes to the file at `url`.
    fileprivate func appendingToFile(_ url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
    }
}
