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

    @Test func anIrrelevantGroupDoesNotRiseAboveItsNullFloorAndARelevantOneDoes() throws {
        // 120 sets, as a small comparison has: the regression finds something in any input of 18 columns.
        let n = 120
        let a = try Self.normals(n, seed: 31), e = try Self.normals(n, seed: 33)
        let noise = try (0..<18).map { try Self.normals(n, seed: 40 + UInt64($0)) }
        let nb = (0..<n).map { [0, 20 + 300 * a[$0] + 60 * e[$0]] }
        let irrelevant = (0..<n).map { k in noise.map { $0[k] } }
        let estimate = try DecisionAnalysis.evppi(netBenefit: nb, inputs: irrelevant, resamples: 50)
        let floor = try DecisionAnalysis.evppiNullFloor(netBenefit: nb, inputs: irrelevant)
        #expect(estimate.value > 0)   // the regression's own optimism …
        #expect(estimate.value <= floor.p95, "irrelevant \(estimate.value) against floor \(floor)")   // … is its floor
        let relevant = try DecisionAnalysis.evppi(netBenefit: nb, inputs: a.map { [$0] }, resamples: 50)
        let relevantFloor = try DecisionAnalysis.evppiNullFloor(netBenefit: nb, inputs: a.map { [$0] })
        #expect(relevant.value > 3 * relevantFloor.p95, "relevant \(relevant.value) against floor \(relevantFloor)")
        // The same seed gives the same floor.
        #expect(try DecisionAnalysis.evppiNullFloor(netBenefit: nb, inputs: irrelevant) == floor)
    }

    @Test func probabilityBestSumsToOneAndTheAcceptabilityCurveHasItsLimits() {
        // Strategy 1 is cheaper (higher net benefit), strategy 2 has the larger effect.
        let nb = (0..<100).map { k in [0.0, 100 + Double(k % 7), 50 + Double(k % 5)] }
        let effect = (0..<100).map { _ in [0.0, 1.0, 3.0] }
        let best = DecisionAnalysis.probabilityBest(nb)
        #expect(abs(best.reduce(0, +) - 1) < 1e-12)
        #expect(best == [0, 1, 0])
        let curve = DecisionAnalysis.acceptability(netBenefit: nb, effect: effect, values: [0, 1_000])
        #expect(curve[0] == best)   // λ = 0: net benefit alone decides
        #expect(curve[1] == [0, 0, 1])   // λ large: the larger effect wins
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
        #expect(!drawn.contains("behaviour.grievance_entry"))   // the community's fitted value
        #expect(!drawn.contains("levers.legal.win_prob"))   // fixed by the user
        #expect(drawn.contains("levers.cogovernance.mediation_prob"))
        #expect(drawn.contains("levers.dunning.ladder[2].uplift"))
        #expect(!drawn.contains { $0.hasPrefix("status_quo_dunning") })
    }

    @Test func probabilisticComparisonIsTheSameForAnyThreadCountAndPairsItsStrategies() throws {
        let (base, plan) = try Self.pair()
        let one = try ProbabilisticComparison.run(
            baseline: base, challengers: [plan], sets: 6, replications: 2,
            seed: 5, fixed: ["levers.legal.win_prob": 0.9], threads: 1)
        let two = try ProbabilisticComparison.run(
            baseline: base, challengers: [plan], sets: 6, replications: 2,
            seed: 5, fixed: ["levers.legal.win_prob": 0.9], threads: 2)
        #expect(one.netBenefit == two.netBenefit && one.draws == two.draws)
        #expect(one.netBenefit.allSatisfy { $0[0] == 0 })   // the baseline against itself
        for (row, (rev, cost)) in zip(one.netBenefit, zip(one.extraRevenue, one.extraCost)) {
            #expect(abs(row[1] - (rev[1] - cost[1])) < 1e-6)
        }
        // Each parameter's draws cover its prior stratum by stratum (Latin hypercube): one draw in each sixth of
        // the prior's probability (the declared 0.01–0.1 split at the stated 0.03).
        let k = try #require(one.parameters.firstIndex(of: "levers.cogovernance.mediation_prob"))
        let prior = try #require(plan.parameterPath(named: "levers.cogovernance.mediation_prob")?.prior)
        #expect(prior.median == plan.levers.cogovernance.mediationProbability)
        let values = one.draws.map { $0[k] }.sorted()
        #expect(values.first! >= 0.01 && values.last! <= 0.1)
        #expect(Set(values.map { Int(prior.cumulative($0) * 6) }).count == 6)
    }
}

extension UncertaintyTests {
    @Test func shardsWrittenReadBackAndMergedEqualTheSingleRunBitForBit() throws {
        let (base, plan) = try Self.pair()
        func run(_ shard: Shard) throws -> ProbabilisticComparison.Result {
            try ProbabilisticComparison.run(
                baseline: base, challengers: [plan], sets: 7, replications: 1, seed: 3,
                threads: 2, shard: shard)
        }
        let whole = try run(.whole)
        #expect(whole.isComplete && whole.sets == Array(0..<7))
        var parts: [ProbabilisticComparison.Result] = []
        for i in [2, 0, 1] {   // any order
            let part = try run(Shard(index: i, count: 3))
            #expect(part.sets == Array(stride(from: i, to: 7, by: 3)) && !part.isComplete)
            let text = try PSAShardFile.encode(part, design: "d", shard: Shard(index: i, count: 3))
            let (header, back) = try PSAShardFile.decode(text, name: "shard \(i)")
            #expect(header.design == "d" && header.shard == "\(i)/3")
            #expect(back == part)   // full precision survives the file
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
        let other = try ProbabilisticComparison.run(
            baseline: base, challengers: [plan], sets: 7, replications: 2, seed: 3,
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
        weak.rollout = []   // no lever: no benefit, no cost beyond the status quo
        let comparison = try Comparison.run(
            baseline: try CompiledModel(base), challengers: [try CompiledModel(weak), try CompiledModel(plan)])
        let t = try #require(
            try Tornado.ofBest(
                comparison, baseline: base, strategies: [weak, plan],
                fixed: ["levers.legal.win_prob": 0.9], replications: 1))
        #expect(t.strategy == 2)   // the plan, after the baseline and the weak strategy
        #expect(!t.bars.isEmpty && !t.bars.contains { $0.parameter == "levers.legal.win_prob" })   // a fixed one is not moved
        #expect(throws: ParameterError.self) {
            try Tornado.ofBest(comparison, baseline: base, strategies: [weak, plan], fixed: ["no.such": 1], replications: 1)
        }
    }

    @Test func aDamagedShardFileIsRefusedWithItsLine() throws {
        let (base, plan) = try Self.pair()
        let part = try ProbabilisticComparison.run(
            baseline: base, challengers: [plan], sets: 4, replications: 1, seed: 3,
            shard: Shard(index: 1, count: 2))
        let text = try PSAShardFile.encode(part, design: "d", shard: Shard(index: 1, count: 2))
        var lines = text.split(separator: "\n").map(String.init)
        let cut = lines.dropLast().joined(separator: "\n") + "\n"   // a set without its challenger row
        let e1 = #expect(throws: ShardError.self) { try PSAShardFile.decode(cut, name: "s.csv") }
        #expect(e1?.message.contains("cut short") == true)
        lines[2] = lines[2].replacingOccurrences(of: ",0,", with: ",0,x", options: [], range: nil)
        let e2 = #expect(throws: ShardError.self) { try PSAShardFile.decode(lines.joined(separator: "\n"), name: "s.csv") }
        #expect(e2?.message.hasPrefix("s.csv, line 3:") == true)
        #expect(throws: ShardError.self) { try PSAShardFile.decode("set,strategy\n", name: "s.csv") }
    }
}
