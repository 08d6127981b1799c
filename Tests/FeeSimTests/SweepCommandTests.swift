import FeeSimExperiments
import FeeSimModel
import FeeSimScenario
import Foundation
import Testing

/// Sweeps end to end through the CLI: streaming, resume, shards and merge.
@Suite(.serialized) struct SweepCommandTests {
    /// A tiny base scenario and a study over it, in a fresh folder.
    static func studyFolder(points: Int = 40, design: String = "latin_hypercube") throws -> URL {
        let dir = try Fixture.temporaryFolder()
        try """
        months: 3
        community:
          households: 30
          buildings: 3
          fee_rate: 2
          segments:
            owner: {share: 1, propensity: {a: 3, b: 1}, trust: {a: 4, b: 2}}
        rollout:
          - {name: all, start_month: 1, buildings: all, levers: [dunning, transparency]}
        """.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try """
        base: base.yaml
        replications: 2
        seed: 5
        design: \(design)
        points: \(points)
        parameters:
          levers.dunning.ladder[0].uplift: {min: 0, max: 1}
          behaviour.beta_trust: {values: [1, 2, 3]}
        outputs: [collection_rate_year_1, collection_rate@3, total_cost]
        """.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static func points(_ dir: URL, _ file: String = "points.csv") throws -> String {
        try String(contentsOf: dir.appendingPathComponent("out/study/\(file)"), encoding: .utf8)
    }

    @Test func aThousandPointSweepStreamsEveryPointInOrder() throws {
        let dir = try Self.studyFolder(points: 1000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.feesim(["sweep", "study.yaml", "--out", "out", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try Self.points(dir).split(separator: "\n")
        #expect(lines.count == 1001)
        #expect(lines[0].hasPrefix("point,levers.dunning.ladder[0].uplift,behaviour.beta_trust,collection_rate_year_1_mean"))
        #expect(lines[0].contains(",collection_rate_at_3_mean,collection_rate_at_3_sd,"))   // names R reads as they are
        #expect(lines.dropFirst().map { Int($0.split(separator: ",")[0])! } == Array(0..<1000))
        // The typed manifest: how the sweep ran, with snake_case keys.
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: dir.appendingPathComponent("out/study/manifest.json"))) as? [String: Any])
        #expect(manifest["points"] as? Int == 1000 && manifest["design"] as? String == "latin_hypercube")
        #expect(manifest["shard"] as? String == "0/1" && manifest["common_random_numbers"] as? Bool == false)
        #expect((manifest["sha256"] as? String)?.count == 64 && (manifest["outputs"] as? [String])?.count == 3)
    }

    @Test func fourShardsMergedEqualTheSingleRunByteForByte() throws {
        let dir = try Self.studyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Binary.feesim(["sweep", "study.yaml", "--out", "single", "-q"], in: dir).status == 0)
        for i in 0..<4 {
            #expect(try Binary.feesim(["sweep", "study.yaml", "--out", "out", "--shard", "\(i)/4", "-q"], in: dir).status == 0)
        }
        let merge = try Binary.feesim(["merge", "study.yaml", "--out", "out"], in: dir)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("40 present, 0 missing"))
        let single = try Data(contentsOf: dir.appendingPathComponent("single/study/points.csv"))
        let merged = try Data(contentsOf: dir.appendingPathComponent("out/study/points.csv"))
        #expect(single == merged)
    }

    @Test func mergeReportsMissingPointsAndRefuses() throws {
        let dir = try Self.studyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in [0, 2] {   // shards 1 and 3 never ran
            _ = try Binary.feesim(["sweep", "study.yaml", "--out", "out", "--shard", "\(i)/4", "-q"], in: dir)
        }
        let merge = try Binary.feesim(["merge", "study.yaml", "--out", "out"], in: dir)
        #expect(merge.status != 0)
        #expect(merge.stdout.contains("20 missing"))
        #expect(merge.stdout.contains("missing: 1, 3, 5"))
    }

    @Test func slurmArrayVariablesPickTheShard() throws {
        let dir = try Self.studyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.feesim(
            ["sweep", "study.yaml", "--out", "out", "-q"], in: dir,
            environment: [
                "SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "4"
            ])
        #expect(run.status == 0)
        let rows = try Self.points(dir, "points.shard-1-of-4.csv").split(separator: "\n").dropFirst()
        #expect(rows.map { Int($0.split(separator: ",")[0])! } == Array(stride(from: 1, to: 40, by: 4)))
        // A task id outside the array is refused, not run as the whole study.
        let outside = try Binary.feesim(
            ["sweep", "study.yaml", "--out", "out2", "-q"], in: dir,
            environment: [
                "SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "4"
            ])
        #expect(outside.status != 0 && outside.stderr.contains("SLURM_ARRAY_TASK_ID=9"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out2").path))   // nothing written
    }

    @Test func resumeAfterACrashRedoesNothingAndLosesNothing() throws {
        let dir = try Self.studyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Binary.feesim(["sweep", "study.yaml", "--out", "out", "-q"], in: dir).status == 0)
        let full = try Self.points(dir)
        // What a kill leaves: the header, 15 complete rows and half of the 16th.
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(16).joined(separator: "\n") + "\n" + lines[16].prefix(10)
        try cut.write(to: dir.appendingPathComponent("out/study/points.csv"), atomically: true, encoding: .utf8)
        let resumed = try Binary.feesim(["sweep", "study.yaml", "--out", "out", "--resume"], in: dir)
        #expect(resumed.status == 0)
        #expect(resumed.stderr.contains("15 already done, 25 to run"))
        #expect(try Self.points(dir) == full)
    }

    @Test func resumeAfterARealKillFinishesTheSameFile() throws {
        let dir = try Self.studyFolder(points: 400)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Binary.feesim(["sweep", "study.yaml", "--out", "reference", "-q"], in: dir).status == 0)
        let process = Process()
        process.executableURL = try Binary.executable()
        process.arguments = ["sweep", "study.yaml", "--out", "out", "-q", "--threads", "1"]
        process.currentDirectoryURL = dir
        try process.run()
        let file = dir.appendingPathComponent("out/study/points.csv")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {   // kill once some rows are written
            if let text = try? String(contentsOf: file, encoding: .utf8), text.split(separator: "\n").count > 20 { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let resumed = try Binary.feesim(["sweep", "study.yaml", "--out", "out", "--resume", "-q"], in: dir)
        #expect(resumed.status == 0)
        let reference = try String(contentsOf: dir.appendingPathComponent("reference/study/points.csv"), encoding: .utf8)
        #expect(try Self.points(dir) == reference)
    }

    @Test func unknownParameterPathInAStudyNamesFileLineAndNearestPaths() throws {
        let dir = try Self.studyFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: dir.appendingPathComponent("study.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "behaviour.beta_trust:", with: "behaviour.beta_trst:")
        try text.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        let run = try Binary.feesim(["sweep", "study.yaml", "--out", "out"], in: dir)
        #expect(run.status != 0)
        #expect(run.stderr.contains("study.yaml:8:"))
        #expect(run.stderr.contains("Nearest valid paths: behaviour.beta_trust"))
    }
}
