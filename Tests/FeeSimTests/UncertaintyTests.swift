import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit
import Testing

/// Decisions under uncertainty: known answers for the value of information, the acceptability curve and goal
/// seeking, and the probabilistic comparison's own guarantees.
@Suite struct UncertaintyTests {
    /// Standard normal draws by the lognormal generator: ln of lognormal(0, 1) is N(0, 1).
    static func normals(_ n: Int, seed: UInt64) throws -> [Double] {
        let rng = try RandomStream(seed: seed)
        return try (0..<n).map { _ in log(try rng.lognormal(zeta: 0, sigma: 1)) }
    }

    @Test func evpiOfTwoOptionsWithNormalNetBenefitMatchesItsClosedForm() throws {
        // Option A: 0; option B: N(μ, σ²). EVPI = E[max(0, X)] − max(0, μ) = σφ(μ/σ) + μΦ(μ/σ) − max(0, μ).
        let mu = 100.0, sigma = 400.0
        let z = try Self.normals(40_000, seed: 11)
        let nb = z.map { [0, mu + sigma * $0] }
        let phi = exp(-0.5 * (mu / sigma) * (mu / sigma)) / (2 * Double.pi).squareRoot()
        let exact = sigma * phi + mu * Distribution.normal(mu / sigma) - max(0, mu)
        // The estimator's s.e. is about σ/√n ≈ 2 here; the exact value is 118.3.
        #expect(abs(DecisionAnalysis.evpi(nb) - exact) < 8, "EVPI \(DecisionAnalysis.evpi(nb)) against \(exact)")
    }

    @Test func evppiIsZeroForAnIrrelevantInputAndAtMostTheEvpi() throws {
        let n = 2000
        let a = try Self.normals(n, seed: 21), b = try Self.normals(n, seed: 22), e = try Self.normals(n, seed: 23)
        // B's net benefit depends on θ₁ (and a little noise), not on θ₂.
        let nb = (0..<n).map { [0, 50 + 300 * a[$0] + 20 * e[$0]] }
        let evpi = DecisionAnalysis.evpi(nb)
        let relevant = try DecisionAnalysis.evppi(netBenefit: nb, inputs: a.map { [$0] }, resamples: 100)
        let irrelevant = try DecisionAnalysis.evppi(netBenefit: nb, inputs: b.map { [$0] }, resamples: 100)
        #expect(irrelevant.value < 3 * max(irrelevant.standardError, 1), "irrelevant \(irrelevant)")
        #expect(relevant.value <= evpi + 3 * relevant.standardError)
        #expect(abs(relevant.value - evpi) < 0.1 * evpi, "θ₁ explains nearly all: \(relevant.value) vs \(evpi)")
    }

    @Test func probabilityBestSumsToOneAndTheAcceptabilityCurveHasItsLimits() {
        // Strategy 1 is cheaper (higher net benefit), strategy 2 has the larger effect.
        let nb = (0..<100).map { k in [0.0, 100 + Double(k % 7), 50 + Double(k % 5)] }
        let effect = (0..<100).map { _ in [0.0, 1.0, 3.0] }
        let best = DecisionAnalysis.probabilityBest(nb)
        #expect(abs(best.reduce(0, +) - 1) < 1e-12)
        #expect(best == [0, 1, 0])
        let curve = DecisionAnalysis.acceptability(netBenefit: nb, effect: effect, values: [0, 1_000])
        #expect(curve[0] == best)                 // λ = 0: net benefit alone decides
        #expect(curve[1] == [0, 0, 1])            // λ large: the larger effect wins
    }

    @Test func goalSeekingFindsTheRootOfAMonotoneFunctionOrSaysThereIsNone() {
        let found = GoalSeek.smallest(lower: 0, upper: 10, tolerance: 1e-6, target: 2) { $0 * $0 }
        guard case .found(let x, let f) = found else { Issue.record("\(found)"); return }
        #expect(abs(x - 2.0.squareRoot()) < 1e-5 && f >= 2)
        #expect(GoalSeek.smallest(lower: 0, upper: 1, tolerance: 1e-3, target: 2) { $0 * $0 } == .never(figureAtUpper: 1))
        #expect(GoalSeek.smallest(lower: 2, upper: 3, tolerance: 1e-3, target: 2) { $0 * $0 } == .alreadyAtLower(figure: 4))
    }

    static func pair() throws -> (Scenario, Scenario) {
        func load(_ f: String) throws -> Scenario {
            var s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/\(f)").path).scenario
            s.community.households = 240
            s.community.buildings = 4
            s.community.warmupMonths = 12
            s.months = 12
            return s
        }
        return (try load("mixed/status-quo.yaml"), try load("mixed/full-plan.yaml"))
    }

    @Test func calibratedAndFixedParametersAreNotDrawn() throws {
        let (base, _) = try Self.pair()
        let drawn = ProbabilisticComparison.uncertainParameters(of: base, fixed: ["levers.legal.win_prob"]).map(\.path)
        #expect(!drawn.contains("behaviour.grievance_entry"))          // the community's fitted value
        #expect(!drawn.contains("levers.legal.win_prob"))              // fixed by the user
        #expect(drawn.contains("levers.cogovernance.mediation_prob"))
        #expect(drawn.contains("levers.dunning.ladder[2].uplift"))
        #expect(!drawn.contains { $0.hasPrefix("status_quo_dunning") })
    }

    @Test func probabilisticComparisonIsTheSameForAnyThreadCountAndPairsItsStrategies() throws {
        let (base, plan) = try Self.pair()
        let one = try ProbabilisticComparison.run(baseline: base, challengers: [plan], sets: 6, replications: 2,
                                                  seed: 5, fixed: ["levers.legal.win_prob": 0.9], threads: 1)
        let two = try ProbabilisticComparison.run(baseline: base, challengers: [plan], sets: 6, replications: 2,
                                                  seed: 5, fixed: ["levers.legal.win_prob": 0.9], threads: 2)
        #expect(one.netBenefit == two.netBenefit && one.draws == two.draws)
        #expect(one.netBenefit.allSatisfy { $0[0] == 0 })               // the baseline against itself
        for (row, (rev, cost)) in zip(one.netBenefit, zip(one.extraRevenue, one.extraCost)) {
            #expect(abs(row[1] - (rev[1] - cost[1])) < 1e-6)
        }
        // Each parameter's draws cover its prior's range stratum by stratum (Latin hypercube).
        let k = try #require(one.parameters.firstIndex(of: "levers.cogovernance.mediation_prob"))
        let values = one.draws.map { $0[k] }.sorted()
        #expect(values.first! >= 0.01 && values.last! <= 0.1)
        #expect(Set(values.map { Int(($0 - 0.01) / 0.09 * 6) }).count == 6)
    }
}

extension UncertaintyTests {
    @Test func shardsWrittenReadBackAndMergedEqualTheSingleRunBitForBit() throws {
        let (base, plan) = try Self.pair()
        func run(_ shard: Shard) throws -> ProbabilisticComparison.Result {
            try ProbabilisticComparison.run(baseline: base, challengers: [plan], sets: 7, replications: 1, seed: 3,
                                            threads: 2, shard: shard)
        }
        let whole = try run(.whole)
        #expect(whole.isComplete && whole.sets == Array(0..<7))
        var parts: [ProbabilisticComparison.Result] = []
        for i in [2, 0, 1] {                                  // any order
            let part = try run(Shard(index: i, count: 3))
            #expect(part.sets == Array(stride(from: i, to: 7, by: 3)) && !part.isComplete)
            let text = try PSAShardFile.encode(part, design: "d", shard: Shard(index: i, count: 3))
            let (header, back) = try PSAShardFile.decode(text, name: "shard \(i)")
            #expect(header.design == "d" && header.shard == "\(i)/3")
            #expect(back == part)                              // full precision survives the file
            parts.append(back)
        }
        let merged = try ProbabilisticComparison.Result.merging(parts)
        #expect(merged == whole)
        // A shard twice is harmless; a missing one is named; an incomplete result cannot be reported.
        #expect(try ProbabilisticComparison.Result.merging(parts + [parts[0]]) == whole)
        let missing = #expect(throws: ShardError.self) { try ProbabilisticComparison.Result.merging(Array(parts.prefix(2))) }
        #expect(missing?.message.contains("2 of 7 parameter sets are missing (sets 2, 5)") == true)
        #expect(throws: ShardError.self) {
            try ValueOfInformation(parts[0], groups: parts[0].parameters.map { _ in .householdBehaviour })
        }
        // A shard from another design does not merge.
        let other = try ProbabilisticComparison.run(baseline: base, challengers: [plan], sets: 7, replications: 2, seed: 3,
                                                    threads: 2, shard: Shard(index: 0, count: 3))
        #expect(throws: ShardError.self) { try ProbabilisticComparison.Result.merging([other] + parts.dropFirst()) }
    }

    @Test func shardFilesInAFolderMergeOnlyWhenTheirDesignMatches() throws {
        let (base, plan) = try Self.pair()
        let dir = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect { try PSAShardFile.merge(in: dir, design: "d") } throws: { "\($0)".contains("no shard files") }
        var whole: ProbabilisticComparison.Result?
        for i in 0..<2 {
            let shard = Shard(index: i, count: 2)
            let part = try ProbabilisticComparison.run(baseline: base, challengers: [plan], sets: 4, replications: 1, seed: 3, shard: shard)
            try PSAShardFile.encode(part, design: "d", shard: shard)
                .write(to: dir.appendingPathComponent(PSAShardFile.fileName(shard)), atomically: true, encoding: .utf8)
        }
        whole = try ProbabilisticComparison.run(baseline: base, challengers: [plan], sets: 4, replications: 1, seed: 3)
        let (merged, files) = try PSAShardFile.merge(in: dir, design: "d")
        #expect(files == 2 && merged == whole)
        #expect { try PSAShardFile.merge(in: dir, design: "other") } throws: { error in
            "\(error)".contains("psa.shard-0-of-2.csv") && "\(error)".contains("other comparison files or options")
        }
    }

    @Test func theTornadoIsOfTheStrategyWithTheHighestNetBenefit() throws {
        var (base, plan) = try Self.pair()
        base.replications = 8
        var weak = plan
        weak.rollout = []                                  // no lever: no benefit, no cost beyond the status quo
        let comparison = try Comparison.run(baseline: try CompiledModel(base), challengers: [try CompiledModel(weak), try CompiledModel(plan)])
        let t = try #require(try Tornado.ofBest(comparison, baseline: base, strategies: [weak, plan],
                                               fixed: ["levers.legal.win_prob": 0.9], replications: 1))
        #expect(t.strategy == 2)                          // the plan, after the baseline and the weak strategy
        #expect(!t.bars.isEmpty && !t.bars.contains { $0.parameter == "levers.legal.win_prob" })   // a fixed one is not moved
        #expect(throws: ParameterError.self) {
            try Tornado.ofBest(comparison, baseline: base, strategies: [weak, plan], fixed: ["no.such": 1], replications: 1)
        }
    }

    @Test func aDamagedShardFileIsRefusedWithItsLine() throws {
        let (base, plan) = try Self.pair()
        let part = try ProbabilisticComparison.run(baseline: base, challengers: [plan], sets: 4, replications: 1, seed: 3,
                                                   shard: Shard(index: 1, count: 2))
        let text = try PSAShardFile.encode(part, design: "d", shard: Shard(index: 1, count: 2))
        var lines = text.split(separator: "\n").map(String.init)
        let cut = lines.dropLast().joined(separator: "\n") + "\n"     // a set without its challenger row
        let e1 = #expect(throws: ShardError.self) { try PSAShardFile.decode(cut, name: "s.csv") }
        #expect(e1?.message.contains("cut short") == true)
        lines[2] = lines[2].replacingOccurrences(of: ",0,", with: ",0,x", options: [], range: nil)
        let e2 = #expect(throws: ShardError.self) { try PSAShardFile.decode(lines.joined(separator: "\n"), name: "s.csv") }
        #expect(e2?.message.hasPrefix("s.csv, line 3:") == true)
        #expect(throws: ShardError.self) { try PSAShardFile.decode("set,strategy\n", name: "s.csv") }
    }
}

/// `feesim compare --uncertainty` and `feesim goal` end to end on a tiny community.
@Suite(.serialized) struct UncertaintyCommandTests {
    static func folder() throws -> URL {
        let dir = try Fixture.temporaryFolder()
        let base = Binary.tinyScenario.replacingOccurrences(of: "rollout:", with: "rollout: []\nunused:")
            .components(separatedBy: "\nunused:")[0] + "\n"
        try base.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try Binary.tinyScenario.write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func uncertaintyWritesThePsaSampleValueOfInformationAndTornado() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.feesim(["compare", "base.yaml", "plan.yaml", "--months", "12", "--uncertainty", "8",
                                               "--uncertainty-replications", "2", "--fix", "levers.legal.win_prob=0.9",
                                               "--out", "out", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let folder = dir.appendingPathComponent("out/base-vs-plan")
        let psa = try String(contentsOf: folder.appendingPathComponent("psa.csv"), encoding: .utf8).split(separator: "\n")
        #expect(psa.count == 1 + 8 * 2)                                   // sets × strategies
        let header = String(psa[0])
        #expect(header.hasPrefix("set,strategy,behaviour.hardship_entry,"))
        #expect(header.hasSuffix(",net_benefit,extra_revenue,extra_cost,collection_rate_gain_points,p_target"))
        // Parameters by the paths scenario files and --set use, the one rule of every file (tornado.csv too).
        #expect(header.contains(",levers.dunning.ladder[0].uplift,") && !header.contains("levers_"))
        #expect(!header.contains("levers.legal.win_prob"))                 // fixed, so not drawn
        let md = try String(contentsOf: folder.appendingPathComponent("uncertainty.md"), encoding: .utf8)
        for text in ["P(best)", "Acceptability curve", "Expected value of perfect", "EVPPI", "tornado",
                     "`levers.legal.win_prob` = 0.9"] {
            #expect(md.contains(text), "uncertainty.md lacks \(text)")
        }
        let tornado = try String(contentsOf: folder.appendingPathComponent("tornado.csv"), encoding: .utf8)
        #expect(tornado.split(separator: "\n").count > 10)
        // The manifest's wall time is the whole job's, with each part's beside it.
        let manifest = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any])
        let parts = try #require(manifest["wall_time_parts_seconds"] as? [String: Double])
        #expect(Set(parts.keys) == ["comparison", "probabilistic", "tornado_and_value_of_information"])
        let total = try #require(manifest["wall_time_seconds"] as? Double)
        #expect(total >= parts.values.reduce(0, +) - 0.003 && parts.values.allSatisfy { $0 >= 0 })
    }

    @Test func shardedProbabilisticComparisonMergesToTheSingleRunsFilesByteForByte() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["compare", "base.yaml", "plan.yaml", "--months", "12", "--uncertainty", "5",
                      "--uncertainty-replications", "1", "--no-tornado", "-q"]
        #expect(try Binary.feesim(common + ["--out", "single"], in: dir).status == 0)
        for i in 0..<2 {
            let part = try Binary.feesim(common + ["--out", "split", "--shard", "\(i)/2"], in: dir)
            #expect(part.status == 0, "\(part.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("split/base-vs-plan-psa-shards/psa.shard-1-of-2.csv").path))
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
        let found = try Binary.feesim(["goal", "plan.yaml", "--months", "12", "--parameter",
                                                 "levers.cogovernance.mediation_prob", "--figure",
                                                 "collection_rate_year_1", "--at-least", "0", "-r", "4"], in: dir)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("Already reached"))
        let never = try Binary.feesim(["goal", "plan.yaml", "--months", "12", "--parameter",
                                                 "levers.cogovernance.mediation_prob", "--figure",
                                                 "collection_rate_year_1", "--at-least", "1.5", "-r", "4"], in: dir)
        #expect(never.status == 0, "\(never.stderr)")
        #expect(never.stdout.contains("No value up to 1 reaches it"))
        #expect(never.stderr.contains("levers.cogovernance.mediation_prob = 1 → collection_rate_year_1 = "))
        let quiet = try Binary.feesim(["goal", "plan.yaml", "--months", "12", "--parameter",
                                                 "levers.cogovernance.mediation_prob", "--figure",
                                                 "collection_rate_year_1", "--at-least", "1.5", "-r", "4", "-q"], in: dir)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout == never.stdout, "\(quiet.stderr)")
        let bad = try Binary.feesim(["goal", "plan.yaml", "--parameter", "levers.cogovernance.mediation_prob",
                                               "--figure", "nonsense"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("is not a column of replications.csv"))
    }

    @Test func everyDrawnParameterIsInTheGroupItsLeverDeclares() throws {
        let s = try ScenarioLoader.load(path: Fixture.packageRoot.appendingPathComponent("Scenarios/mixed/full-plan.yaml").path).scenario
        let drawn = ProbabilisticComparison.uncertainParameters(of: s)
        #expect(!drawn.isEmpty)
        let expected: [(String, InformationGroup)] = [
            ("levers.dunning.", .dunning), ("levers.cogovernance.", .cogovernance), ("levers.legal.", .legal),
            ("levers.transparency.", .transparency), ("levers.assistance.", .hardshipHelp),
            ("levers.settlement.", .settlement), ("behaviour.", .householdBehaviour),
        ]
        for p in drawn {
            let group = try #require(p.info.group, "\(p.path) is drawn but has no group")
            let declared = try #require(expected.first { p.path.hasPrefix($0.0) }, "\(p.path): no lever or behaviour")
            #expect(group == declared.1, "\(p.path)")
        }
        #expect(drawn.contains { $0.info.group == .settlement })            // the settlement lever is not behaviour
        #expect(!drawn.contains { $0.path.hasPrefix("status_quo_dunning") }) // today's ladder is not drawn
    }
}
