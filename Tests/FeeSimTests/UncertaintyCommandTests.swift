import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit
import Testing

/// `feesim compare --uncertainty` and `feesim goal` end to end on a tiny community.
@Suite(.serialized) struct UncertaintyCommandTests {
    static func folder() throws -> URL {
        let dir = try Fixture.temporaryFolder()
        let base =
            Binary.tinyScenario.replacingOccurrences(of: "rollout:", with: "rollout: []\nunused:")
            .components(separatedBy: "\nunused:")[0] + "\n"
        try base.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try Binary.tinyScenario.write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func uncertaintyWritesThePsaSampleValueOfInformationAndTornado() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.feesim(
            [
                "compare", "base.yaml", "plan.yaml", "--months", "12", "--uncertainty", "8",
                "--uncertainty-replications", "2", "--fix", "levers.legal.win_prob=0.9",
                "--out", "out", "-q"
            ], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let folder = dir.appendingPathComponent("out/base-vs-plan")
        let psa = try String(contentsOf: folder.appendingPathComponent("psa.csv"), encoding: .utf8).split(separator: "\n")
        #expect(psa.count == 1 + 8 * 2)   // sets × strategies
        let header = String(psa[0])
        #expect(header.hasPrefix("set,strategy,behaviour.hardship_entry,"))
        #expect(header.hasSuffix(",net_benefit,extra_revenue,extra_cost,collection_rate_gain_points,p_target"))
        // Parameters by the paths scenario files and --set use, the one rule of every file (tornado.csv too).
        #expect(header.contains(",levers.dunning.ladder[0].uplift,") && !header.contains("levers_"))
        #expect(!header.contains("levers.legal.win_prob"))   // fixed, so not drawn
        let md = try String(contentsOf: folder.appendingPathComponent("uncertainty.md"), encoding: .utf8)
        for text in [
            "P(best)", "Acceptability curve", "Expected value of perfect", "EVPPI", "tornado",
            "`levers.legal.win_prob` = 0.9"
        ] {
            #expect(md.contains(text), "uncertainty.md lacks \(text)")
        }
        let tornado = try String(contentsOf: folder.appendingPathComponent("tornado.csv"), encoding: .utf8)
        #expect(tornado.split(separator: "\n").count > 10)
        // The manifest's wall time is the whole job's, with each part's beside it.
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any])
        let parts = try #require(manifest["wall_time_parts_seconds"] as? [String: Double])
        #expect(Set(parts.keys) == ["comparison", "probabilistic", "tornado_and_value_of_information"])
        let total = try #require(manifest["wall_time_seconds"] as? Double)
        #expect(total >= parts.values.reduce(0, +) - 0.003 && parts.values.allSatisfy { $0 >= 0 })
    }

    @Test func shardedProbabilisticComparisonMergesToTheSingleRunsFilesByteForByte() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = [
            "compare", "base.yaml", "plan.yaml", "--months", "12", "--uncertainty", "5",
            "--uncertainty-replications", "1", "--no-tornado", "-q"
        ]
        #expect(try Binary.feesim(common + ["--out", "single"], in: dir).status == 0)
        for i in 0..<2 {
            let part = try Binary.feesim(common + ["--out", "split", "--shard", "\(i)/2"], in: dir)
            #expect(part.status == 0, "\(part.stderr)")
        }
        #expect(
            FileManager.default.fileExists(atPath: dir.appendingPathComponent("split/base-vs-plan-psa-shards/psa.shard-1-of-2.csv").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("split/base-vs-plan").path))
        // Merging with other options is refused; with the same ones it gives the single run's files.
        let wrong = try Binary.feesim(common + ["--out", "split", "--merge-shards", "--seed", "9"], in: dir)
        #expect(wrong.status != 0 && wrong.stderr.contains("other comparison files or options"))
        let merge = try Binary.feesim(common + ["--out", "split", "--merge-shards"], in: dir)
        #expect(merge.status == 0, "\(merge.stderr)")
        for file in ["psa.csv", "uncertainty.md", "costbenefit.csv", "targets.csv"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("single/base-vs-plan/\(file)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("split/base-vs-plan/\(file)"))
            #expect(a == b, "\(file) differs between the single run and the merged shards")
        }
        // A shard alone is refused without a probabilistic comparison to split.
        let none = try Binary.feesim(["compare", "base.yaml", "plan.yaml", "--shard", "0/2", "--out", "x", "-q"], in: dir)
        #expect(none.status != 0 && none.stderr.contains("--uncertainty"))
    }

    @Test func goalAnswersWhatItWouldTakeOrThatNothingInRangeDoes() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Co-governance's mediation on a tiny community: the year's 收缴率 rises with it.
        let found = try Binary.feesim(
            [
                "goal", "plan.yaml", "--months", "12", "--parameter",
                "levers.cogovernance.mediation_prob", "--figure",
                "collection_rate_year_1", "--at-least", "0", "-r", "4"
            ], in: dir)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("Already reached"))
        let never = try Binary.feesim(
            [
                "goal", "plan.yaml", "--months", "12", "--parameter",
                "levers.cogovernance.mediation_prob", "--figure",
                "collection_rate_year_1", "--at-least", "1.5", "-r", "4"
            ], in: dir)
        #expect(never.status == 0, "\(never.stderr)")
        #expect(never.stdout.contains("No value up to 1 reaches it"))
        #expect(never.stderr.contains("levers.cogovernance.mediation_prob = 1 → collection_rate_year_1 = "))
        let quiet = try Binary.feesim(
            [
                "goal", "plan.yaml", "--months", "12", "--parameter",
                "levers.cogovernance.mediation_prob", "--figure",
                "collection_rate_year_1", "--at-least", "1.5", "-r", "4", "-q"
            ], in: dir)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout == never.stdout, "\(quiet.stderr)")
        let bad = try Binary.feesim(
            [
                "goal", "plan.yaml", "--parameter", "levers.cogovernance.mediation_prob",
                "--figure", "nonsense"
            ], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("is not a column of replications.csv"))
    }

    @Test func everyDrawnParameterIsInTheGroupItsLeverDeclares() throws {
        let s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path).scenario
        let drawn = ProbabilisticComparison.uncertainParameters(of: s)
        #expect(!drawn.isEmpty)
        let expected: [(String, InformationGroup)] = [
            ("levers.dunning.", .dunning), ("levers.cogovernance.", .cogovernance), ("levers.legal.", .legal),
            ("levers.transparency.", .transparency), ("levers.assistance.", .hardshipHelp),
            ("levers.settlement.", .settlement), ("behaviour.", .householdBehaviour)
        ]
        for p in drawn {
            let group = try #require(p.info.group, "\(p.path) is drawn but has no group")
            let declared = try #require(expected.first { p.path.hasPrefix($0.0) }, "\(p.path): no lever or behaviour")
            #expect(group == declared.1, "\(p.path)")
        }
        #expect(drawn.contains { $0.info.group == .settlement })   // the settlement lever is not behaviour
        #expect(!drawn.contains { $0.path.hasPrefix("status_quo_dunning") })   // today's ladder is not drawn
    }
}
