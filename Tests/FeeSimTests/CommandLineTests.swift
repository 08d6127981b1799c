import Foundation
import Testing

/// End to end: the built `feesim` executable on a tiny scenario, into a temporary folder.
@Suite(.serialized) struct CommandLineTests {
    /// A child that writes far more than a pipe holds (64 KiB) to stderr before its stdout ends: read one pipe after
    /// the other, the runner and the child would wait on each other for ever; the runner gets both in full.
    @Test func theRunnerReadsALoudStderrWithoutDeadlockingOnStdout() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        final class Result: @unchecked Sendable { var output: Binary.Output? }
        let result = Result(), finished = DispatchSemaphore(value: 0)
        Thread {
            result.output = try? Binary.run(
                URL(fileURLWithPath: "/bin/sh"),
                ["-c", "head -c 300000 /dev/zero | tr '\\0' e >&2; echo out"], in: dir)
            finished.signal()
        }.start()
        try #require(finished.wait(timeout: .now() + 60) == .success, "the runner is still waiting after 60 s: deadlocked")
        let output = try #require(result.output)
        #expect(output.status == 0 && output.stdout == "out\n")
        #expect(output.stderr.utf8.count == 300_000 && output.stderr.allSatisfy { $0 == "e" })
    }

    @Test func runWritesManifestMonthlyReplicationsAndSummary() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Binary.tinyScenario.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        let result = try Binary.feesim(["run", "tiny.yaml", "--out", "out", "--threads", "2"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let folder = dir.appendingPathComponent("out/tiny")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["manifest.json", "monthly.csv", "replications.csv", "summary.md"])
        #expect(try Binary.visibleItems(dir.appendingPathComponent("out")) == ["tiny"])

        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as! [String: Any]
        #expect(manifest["seed"] as? Int == 11)
        #expect(manifest["replications"] as? Int == 5)
        #expect(manifest["months"] as? Int == 8)
        #expect(manifest["generator"] as? String == "mt19937")
        #expect((manifest["scenario_sha256"] as? String)?.count == 64)
        #expect(manifest["wall_time_seconds"] is Double || manifest["wall_time_seconds"] is Int)

        let monthly = try String(contentsOf: folder.appendingPathComponent("monthly.csv"), encoding: .utf8)
            .split(separator: "\n")
        #expect(monthly.first == "strategy,month,metric,mean,sd,p05,p50,p95")
        let metrics = Set(monthly.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[2] })
        for m in [
            "collection_rate", "voluntary_rate", "arrears_stock", "cost_phase_pilot", "contacts_smart_visit",
            "target_reached", "service_quality"
        ] {
            #expect(metrics.contains(Substring(m)))
        }
        #expect(monthly.count == 1 + 8 * metrics.count)
        let replications = try String(contentsOf: folder.appendingPathComponent("replications.csv"), encoding: .utf8)
            .split(separator: "\n")
        #expect(replications.count == 6)
        #expect(replications[0].hasPrefix("replication,pilot_buildings,target_window_rate,target_reached,collection_rate_year_1"))
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("收缴率, year to date"))
        #expect(summary.contains("Why arrears are unpaid"))
        #expect(result.stdout.contains("收缴率"))
    }

    @Test func badScenarioGivesOneClearLineAndWritesNothing() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = Binary.tinyScenario.replacingOccurrences(of: "fee_rate: 2", with: "fee_rate: -2")
        try broken.write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try Binary.feesim(["run", "bad.yaml", "--out", "out"], in: dir)
        #expect(result.status != 0)
        #expect(result.stderr.contains("bad.yaml:8:13: community.fee_rate = -2: out of range: must be a number in [0.01, 100]"))
        #expect(!result.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/bad").path))
    }

    @Test func badOptionIsRejectedBeforeAnythingRuns() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Binary.feesim(["run", "x.yaml", "--generator", "mt1993"], in: dir)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--generator 'mt1993' is not a GSL generator"))
        // Help is not an error: it goes to stdout with status 0, for the default command and a named one.
        for arguments in [["--help"], ["run", "--help"], ["help", "compare"]] {
            let help = try Binary.feesim(arguments, in: dir)
            #expect(help.status == 0 && help.stdout.contains("OVERVIEW:") && help.stderr.isEmpty, "\(arguments): \(help.stderr)")
        }
    }

    @Test func scenariosOfTheSameFileNameInTwoCommunitiesRunSideBySideButOneFileTwiceIsRefused() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = Fixture.packageRoot.appendingPathComponent("Scenarios")
        let (mixed, highend) = (
            root.appendingPathComponent("mixed/full-plan.yaml").path, root.appendingPathComponent("highend/full-plan.yaml").path
        )
        let twice = try Binary.feesim(["run", mixed, mixed, "-q"], in: dir)
        #expect(twice.status != 0 && twice.stderr.contains("two scenarios are named 'mixed-full-plan'"), "\(twice.stderr)")
        let both = try Binary.feesim(["run", mixed, highend, "--months", "2", "-r", "2", "-q", "--out", "out"], in: dir)
        #expect(both.status == 0, "\(both.stderr)")
        for name in ["mixed-full-plan", "highend-full-plan"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(name)/summary.md").path), "\(name)")
        }
    }

    @Test func setChangesOneParameterExactlyAsEditingTheFileWould() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Binary.tinyScenario.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        // The same variant written as a file: two pilot buildings, the pilot phase ending in month 3.
        try
            "extends: tiny.yaml\npilot: {buildings: 2}\nrollout:\n  - {name: pilot, start_month: 2, end_month: 3, buildings: pilot, levers: all}\n  - {name: everywhere, start_month: 5, buildings: all, levers: [transparency, dunning]}\n"
            .write(to: dir.appendingPathComponent("variant.yaml"), atomically: true, encoding: .utf8)
        let set = try Binary.feesim(
            [
                "run", "tiny.yaml", "--set", "pilot.buildings=2", "--set", "rollout[0].end_month=3",
                "--out", "set", "-q"
            ], in: dir)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try Binary.feesim(["run", "variant.yaml", "--out", "file", "-q"], in: dir).status == 0)
        let a = try Data(contentsOf: dir.appendingPathComponent("set/tiny/replications.csv"))
        let b = try Data(contentsOf: dir.appendingPathComponent("file/variant/replications.csv"))
        #expect(a == b)
        let manifest = try String(contentsOf: dir.appendingPathComponent("set/tiny/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"pilot.buildings=2\"") && manifest.contains("\"rollout[0].end_month=3\""))
        // Out of range, unknown, malformed: named errors before anything runs.
        let range = try Binary.feesim(["run", "tiny.yaml", "--set", "levers.legal.win_prob=1.5", "--out", "x"], in: dir)
        #expect(range.status != 0 && range.stderr.contains("--set levers.legal.win_prob=1.5") && range.stderr.contains("out of range"))
        let unknown = try Binary.feesim(["run", "tiny.yaml", "--set", "levers.legal.win_probb=0.5", "--out", "x"], in: dir)
        #expect(unknown.status != 0 && unknown.stderr.contains("Nearest valid paths: levers.legal.win_prob"))
        let malformed = try Binary.feesim(["run", "tiny.yaml", "--set", "pilot.buildings", "--out", "x"], in: dir)
        #expect(malformed.status != 0 && malformed.stderr.contains("must look like PATH=VALUE"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x/tiny").path))
    }

    @Test func validateAndPlanUnderstandEveryFileKindTheProjectShips() throws {
        let scenarios = Fixture.packageRoot.appendingPathComponent("Scenarios")
        var files: [String] = []
        for folder in ["", "studies", "validation"] {
            let dir = scenarios.appendingPathComponent(folder)
            files += try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
                .map { dir.appendingPathComponent($0).path }
        }
        let validate = try Binary.feesim(["validate"] + files, in: Fixture.packageRoot)
        #expect(validate.status == 0, "\(validate.stdout.split(separator: "\n").filter { $0.hasPrefix("bad") })")
        #expect(validate.stdout.contains("robust study of 8 strategies") && validate.stdout.contains("study of 5 parameters"))
        let robust = try Binary.feesim(["plan", "Scenarios/studies/mixed-robust.yaml"], in: Fixture.packageRoot)
        #expect(robust.status == 0 && robust.stdout.contains("40 worlds × 8 strategies × 8 replications = 2560 runs"), "\(robust.stderr)")
    }

    @Test func rerunReplacesTheFolderWholeAndLeavesNoStaging() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Binary.tinyScenario.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        _ = try Binary.feesim(["run", "tiny.yaml", "--out", "out", "-q"], in: dir)
        let first = try Data(contentsOf: dir.appendingPathComponent("out/tiny/replications.csv"))
        let again = try Binary.feesim(["run", "tiny.yaml", "--out", "out", "--seed", "12", "-q"], in: dir)
        #expect(again.status == 0)
        let second = try Data(contentsOf: dir.appendingPathComponent("out/tiny/replications.csv"))
        #expect(first != second)
        #expect(try Binary.visibleItems(dir.appendingPathComponent("out")) == ["tiny"])
    }

    @Test func threadsOneAndTwoWriteByteIdenticalCSVs() throws {
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Binary.tinyScenario.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        for k in ["1", "2"] {
            let result = try Binary.feesim(["run", "tiny.yaml", "--out", "t\(k)", "--threads", k, "-q"], in: dir)
            #expect(result.status == 0)
        }
        for file in ["monthly.csv", "replications.csv", "summary.md"] {
            let one = try Data(contentsOf: dir.appendingPathComponent("t1/tiny/\(file)"))
            let two = try Data(contentsOf: dir.appendingPathComponent("t2/tiny/\(file)"))
            #expect(one == two, "\(file)")
        }
    }
}
