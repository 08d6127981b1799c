import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit
import Testing

/// Decisions over the posterior: a probabilistic comparison that draws the calibrated behaviour parameters from the
/// community's posterior sample keeps every world consistent with the observed status quo, `--from-priors` draws
/// exactly what was drawn before, the draws do not depend on threads or shards, EVPI carries a Monte Carlo standard
/// error that shrinks as 1/√n, and a bad posterior file is refused with its file, line and column.
@Suite struct PosteriorComparisonTests {
    static let mixed = Fixture.packageRoot.appendingPathComponent("Scenarios/mixed")

    static func mixedFile() throws -> ComparisonFile {
        try ComparisonFile.load(path: mixed.appendingPathComponent("compare.yaml").path)
    }

    static func mixedPosterior(against scenario: Scenario) throws -> PosteriorSample {
        try PosteriorSample.load(path: mixed.appendingPathComponent("posterior.csv").path).checked(against: scenario)
    }

    /// The mixed comparison at small size: 480 households in 6 buildings (the dispute's share of buildings and every
    /// segment's share kept), 24 months, 2 replications.
    static func smallStudy() throws -> ComparisonStudy {
        try ComparisonStudy(
            try mixedFile(), months: 24, replications: 2,
            overrides: [try ParameterOverride(parsing: "community.households=480"), try ParameterOverride(parsing: "community.buildings=6")]
        )
    }

    /// Each set's status quo against the community's targets: the baseline with the set's drawn values, simulated as
    /// the calibration does (targets.yaml's months, replications and seed), and its implausibility — the largest
    /// distance of a target from its simulated mean in standard deviations √(sd² + s²(1 + 1/R)) — against the
    /// calibration's own cut-off (3). Returns each set's implausibility.
    static func statusQuoImplausibility(_ sets: ProbabilisticComparison.Result, baseline: Scenario) throws -> [Double] {
        let targets = try CalibrationTargets.load(path: mixed.appendingPathComponent("targets.yaml").path, scenario: baseline)
        return try ParallelMap.run(count: sets.draws.count, threads: 2) { j -> Double in
            var s = baseline
            for (name, v) in zip(sets.parameters, sets.draws[j]) { try s.resolveParameter(name).set(v, in: &s) }
            let plan = try PosteriorStudy.Plan(s, targets: targets)
            let simulated = try plan.simulator(plan.paths.map { $0.value(in: s) })
            return PosteriorSampler.implausibility(simulated, plan.problem, replications: plan.settings.replications)
        }
    }

    /// The done-when: in a posterior-based comparison of the mixed community no set's status quo falls
    /// outside its targets' tolerance; drawn from the priors instead, the status quo strays further from what is
    /// observed (the uncalibrated behaviour moves it).
    @Test func noSetsStatusQuoLeavesItsTargetsToleranceWhenDrawnFromThePosterior() throws {
        let study = try Self.smallStudy()
        let posterior = try Self.mixedPosterior(against: study.scenarios[0])
        var u = try #require(
            try ComparisonStudy.Uncertainty(file: nil, sets: 16, replications: 2, tornado: false, fixes: []))
        u.source = .posterior(posterior)
        let result = try study.run(targets: PlanTargets(), annualDiscountRate: 0.04, uncertainty: u, threads: 2)
        let analysis = try #require(result.uncertainty)
        let sets = analysis.sets
        #expect(analysis.origin.calibrated.count == posterior.names.count)
        #expect(Set(analysis.origin.calibrated) == Set(posterior.names))
        #expect(analysis.origin.assumptions.allSatisfy { $0.hasPrefix("levers.") })
        #expect(analysis.origin.held.contains("behaviour.invisibility_gap"))
        // Every calibrated value is one of the sample's particles' (whole rows, so the posterior's correlations hold).
        let columns = posterior.names.map { sets.parameters.firstIndex(of: $0)! }
        for draw in sets.draws {
            #expect(posterior.values.contains { row in zip(columns, row).allSatisfy { draw[$0.0] == $0.1 } })
        }
        let posteriorImplausibility = try Self.statusQuoImplausibility(sets, baseline: study.scenarios[0])
        #expect(posteriorImplausibility.allSatisfy { $0 <= 3 }, "status quo implausibility per set: \(posteriorImplausibility)")

        u.source = .priors
        let priorSets = try study.runShard(u, threads: 2)
        let priorImplausibility = try Self.statusQuoImplausibility(priorSets, baseline: study.scenarios[0])
        // From the priors (centred on the same calibrated values, docs/MODEL.md §6) the status quo strays further.
        #expect(
            priorImplausibility.max()! > posteriorImplausibility.max()!,
            "priors \(priorImplausibility) against the posterior's \(posteriorImplausibility)")

        // The report says which parameters are calibrated, from which file, with its effective sample size.
        let outputs = UncertaintyOutputs(analysis, titles: sets.strategies)
        let md = outputs.markdown()
        #expect(md.contains("**Calibrated**") && md.contains("Scenarios/mixed/posterior.csv") && md.contains("effective sample size 86.5"))
        #expect(md.contains("**Held**") && md.contains("`behaviour.invisibility_gap`"))
        let zh = outputs.intro(language: .zh)
        #expect(zh.contains("校准样本 Scenarios/mixed/posterior.csv") && zh.contains("86.5") && zh.contains("参数有 9 个"))
        #expect(outputs.intro(language: .en).contains("Calibrated to the community's status quo"))
        var manifest = ComparisonManifest(
            toolVersion: "t", gslVersion: "g", comparison: "c.yaml", variants: [], scenarioFiles: [], sha256: "", seed: 1,
            generator: "mt19937", replications: 2, months: 24, threads: 2, language: "en", discountRate: 0.04,
            startTime: "", wallTimeSeconds: 0)
        manifest.record(u, origin: analysis.origin)
        #expect(manifest.uncertainty?.draws == "priors")
        u.source = .posterior(posterior)
        manifest.record(u, origin: analysis.origin)
        #expect(manifest.uncertainty?.draws == "posterior" && manifest.uncertainty?.posterior?.effectiveSampleSize == 86.5)
        #expect(manifest.uncertainty?.calibrated == analysis.origin.calibrated)
    }

    /// `--from-priors` draws what the probabilistic comparison drew before posteriors existed: every uncertain
    /// parameter (``ProbabilisticComparison/uncertainParameters(of:fixed:)``) by Latin hypercube from its prior
    /// (``Design/priorDraws(_:count:seed:)``), bit for bit, in the same columns; and a one-set shard of that design
    /// gives the first set's figures of the whole run exactly.
    @Test func fromPriorsDrawsEveryParameterFromItsPriorAsBeforePosteriors() throws {
        let file = try Self.mixedFile()
        let study = try ComparisonStudy(file)
        let u = try #require(
            try ComparisonStudy.Uncertainty(file: file.uncertainty, sets: 3, replications: 2, tornado: false, fixes: []))
        #expect(u.source == .priors)
        let layout = ProbabilisticComparison.layout(of: study.scenarios[0], fixed: [], source: .priors)
        let parameters = ProbabilisticComparison.uncertainParameters(of: study.scenarios[0])
        #expect(layout.parameters.map(\.path) == parameters.map(\.path))
        let draws = try ProbabilisticComparison.draws(layout, count: u.sets, seed: study.settings.seed)
        #expect(draws == (try Design.priorDraws(parameters, count: u.sets, seed: study.settings.seed)))
        let whole = try study.runShard(u, shard: Shard(index: 0, count: 1), threads: 2)
        let one = try study.runShard(u, shard: Shard(index: 0, count: u.sets), threads: 2)
        #expect(one.draws[0] == whole.draws[0] && one.netBenefit[0] == whole.netBenefit[0])
        #expect(one.extraRevenue[0] == whole.extraRevenue[0] && one.reachesTarget[0] == whole.reachesTarget[0])
    }

    /// The posterior draws depend on (seed, set) alone: one thread or two, one run or three shards merged (also
    /// through their files), the same sets bit for bit.
    @Test func posteriorDrawsAreIdenticalForAnyThreadCountAndAcrossShards() throws {
        let file = try Self.mixedFile()
        var baseline = file.baseline.scenario
        baseline.community.households = 240
        baseline.community.buildings = 6
        var challenger = file.variants[4].scenario   // the full plan, phased
        challenger.community.households = 240
        challenger.community.buildings = 6
        for k in [0, 1] {
            var s = k == 0 ? baseline : challenger
            s.settings = s.settings.overriding(months: 12)
            if k == 0 { baseline = s } else { challenger = s }
        }
        let source = ProbabilisticComparison.Source.posterior(try Self.mixedPosterior(against: baseline))
        func run(threads: Int, shard: Shard = .whole) throws -> ProbabilisticComparison.Result {
            try ProbabilisticComparison.run(
                baseline: baseline, challengers: [challenger], sets: 6, replications: 1, seed: 7, source: source,
                threads: threads, shard: shard)
        }
        let one = try run(threads: 1)
        #expect(try run(threads: 2) == one)
        let parts = try (0..<3).map { try run(threads: 2, shard: Shard(index: $0, count: 3)) }
        #expect(try ProbabilisticComparison.Result.merging(parts) == one)
        let decoded = try parts.enumerated().map { k, part in
            try PSAShardFile.decode(
                try PSAShardFile.encode(part, design: "d", shard: Shard(index: k, count: 3)), name: "shard \(k)"
            ).result
        }
        #expect(try ProbabilisticComparison.Result.merging(decoded) == one)
        // Another seed draws other particles.
        let other = try ProbabilisticComparison.run(
            baseline: baseline, challengers: [challenger], sets: 6, replications: 1, seed: 8, source: source, threads: 2)
        #expect(other.draws != one.draws)
    }

    /// Stratified weighted resampling picks each particle in proportion to its weight, never one of weight 0, and
    /// the same particles for the same seed.
    @Test func resamplingFollowsTheWeightsAndIsReproducible() throws {
        let weights = [0.5, 0, 0.2, 0.3, 0]
        let picks = try ProbabilisticComparison.resample(weights: weights, count: 10_000, seed: 3)
        #expect(try ProbabilisticComparison.resample(weights: weights, count: 10_000, seed: 3) == picks)
        #expect(try ProbabilisticComparison.resample(weights: weights, count: 10_000, seed: 4) != picks)
        for (i, w) in weights.enumerated() {
            let share = Double(picks.filter { $0 == i }.count) / Double(picks.count)
            // Stratified: each share within one stratum (1/count) of its weight.
            #expect(abs(share - w) <= 1.0 / 10_000 + 1e-12, "particle \(i): \(share) against \(w)")
        }
        // With few draws each particle still gets ⌊n·w⌋ or ⌈n·w⌉ of them.
        let ten = try ProbabilisticComparison.resample(weights: weights, count: 10, seed: 5)
        #expect(ten.filter { $0 == 0 }.count == 5 && ten.filter { $0 == 2 }.count == 2 && ten.filter { $0 == 3 }.count == 3)
    }

    /// EVPI's standard error: positive and finite, about the spread EVPI really has across independent samples, and
    /// halved when the sets are quadrupled.
    @Test func evpiStandardErrorMatchesTheSpreadAcrossSamplesAndShrinksAsOneOverRootN() throws {
        // Option A: 0; option B: N(100, 400²). EVPI ≈ 118; its estimator's spread over samples of n sets is what the
        // standard error claims to be.
        func sample(_ n: Int, seed: UInt64) throws -> [[Double]] {
            try UncertaintyTests.normals(n, seed: seed).map { [0, 100 + 400 * $0] }
        }
        let small = try sample(400, seed: 90), large = try sample(1600, seed: 91)
        let seSmall = DecisionAnalysis.evpiStandardError(small), seLarge = DecisionAnalysis.evpiStandardError(large)
        #expect(seSmall.isFinite && seSmall > 0 && seLarge.isFinite && seLarge > 0)
        #expect((1.6...2.5).contains(seSmall / seLarge), "SE 400 sets \(seSmall), 1600 sets \(seLarge)")
        let estimates = try (0..<200).map { DecisionAnalysis.evpi(try sample(400, seed: 1000 + UInt64($0))) }
        let mean = estimates.reduce(0, +) / 200
        let spread = (estimates.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 199).squareRoot()
        #expect(abs(seSmall - spread) < 0.25 * spread, "SE \(seSmall) against the spread over 200 samples \(spread)")
        #expect(DecisionAnalysis.evpiStandardError([[0, 1]]).isNaN)
        // One strategy best in every set: EVPI 0 with standard error 0.
        #expect(DecisionAnalysis.evpiStandardError([[0, 5], [0, 7], [0, 1]]) == 0)
    }

    /// A posterior file that does not fit the comparison is refused before anything runs, with its file, line and
    /// column: an unknown parameter column (and the nearest valid paths), a column twice, a value out of range, a
    /// wrong header; a comparison file's `posterior:` naming no file.
    @Test func aBadPosteriorFileIsRefusedNamingFileLineAndColumn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feesim-posterior-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.mixedFile().baseline.scenario
        func sample(_ text: String) throws -> PosteriorSample {
            let url = dir.appendingPathComponent("p\(UUID().uuidString.prefix(6)).csv")
            try Data(text.utf8).write(to: url)
            return try PosteriorSample.load(path: url.path).checked(against: scenario)
        }
        let unknown = #expect(throws: ScenarioError.self) {
            try sample("# a header\nparticle,weight,behaviour.grievence_entry,mean_x\n1,1,0.01,0.5\n")
        }
        #expect(unknown?.keyPath == "behaviour.grievence_entry" && unknown?.location.line == 2)
        #expect(unknown?.problem.contains("behaviour.grievance_entry") == true)
        #expect(unknown?.location.file.hasSuffix(".csv") == true)
        let twice = #expect(throws: ScenarioError.self) {
            try sample("particle,weight,behaviour.grievance_entry,behaviour.grievance_entry\n1,1,0.01,0.02\n")
        }
        #expect(twice?.problem.contains("twice") == true)
        let range = #expect(throws: ScenarioError.self) {
            try sample("particle,weight,behaviour.repay_all_prob\n1,0.5,0.5\n2,0.5,1.7\n")
        }
        #expect(range?.keyPath == "behaviour.repay_all_prob" && range?.location.line == 3 && range?.value == "1.7")
        let header = #expect(throws: ScenarioError.self) { try sample("id,w,behaviour.repay_all_prob\n1,1,0.5\n") }
        #expect(header?.problem.contains("particle,weight") == true)
        #expect(try sample("particle,weight,segments.owner_occupier.attention\n1,1,0.5\n").names == ["segments.owner_occupier.attention"])

        // A comparison file's posterior: must name a file that is there.
        let compare = dir.appendingPathComponent("compare.yaml")
        let status = Self.mixed.appendingPathComponent("status-quo.yaml").path
        let plan = Self.mixed.appendingPathComponent("full-plan.yaml").path
        try Data(
            "baseline: \(status)\nvariants: [\(plan)]\nuncertainty: {sets: 4, posterior: nowhere.csv}\n".utf8
        ).write(to: compare)
        let missing = #expect(throws: ScenarioError.self) { try ComparisonFile.load(path: compare.path) }
        #expect(missing?.keyPath == "uncertainty.posterior" && missing?.problem.contains("nowhere.csv") == true)
        try Data(
            "baseline: \(status)\nvariants: [\(plan)]\nuncertainty: {sets: 4, from_priors: true, posterior: x.csv}\n".utf8
        ).write(to: compare)
        #expect(throws: ScenarioError.self) { try ComparisonFile.load(path: compare.path) }
    }

    /// End to end through `feesim compare`: `--posterior FILE` draws the sample's parameters from it and says so in
    /// the manifest; its shards merge to the single run's files byte for byte; without a posterior beside the
    /// baseline the report says the draws are all priors; a bad column and `--from-priors` with `--posterior` are
    /// refused with a message naming what is wrong.
    @Test func comparePosteriorOptionShardsAndFallsBackSayingSo() throws {
        let dir = try UncertaintyCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(
            "# a sample\nparticle,weight,behaviour.grievance_entry,behaviour.repay_all_prob,mean_x\n1,0.7,0.01,0.5,0\n2,0.3,0.05,0.9,0\n"
                .utf8
        ).write(to: dir.appendingPathComponent("p.csv"))
        let common = [
            "compare", "base.yaml", "plan.yaml", "--months", "12", "--uncertainty", "5", "--uncertainty-replications", "1",
            "--no-tornado", "-q"
        ]
        #expect(try Binary.feesim(common + ["--out", "single", "--posterior", "p.csv"], in: dir).status == 0)
        for i in 0..<2 {
            let part = try Binary.feesim(common + ["--out", "split", "--posterior", "p.csv", "--shard", "\(i)/2"], in: dir)
            #expect(part.status == 0, "\(part.stderr)")
        }
        // Shards drawn from the priors do not merge with a posterior run's.
        let wrong = try Binary.feesim(common + ["--out", "split", "--merge-shards", "--from-priors"], in: dir)
        #expect(wrong.status != 0 && wrong.stderr.contains("other comparison files or options"))
        let merge = try Binary.feesim(common + ["--out", "split", "--posterior", "p.csv", "--merge-shards"], in: dir)
        #expect(merge.status == 0, "\(merge.stderr)")
        for file in ["psa.csv", "uncertainty.md", "costbenefit.csv"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("single/base-vs-plan/\(file)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("split/base-vs-plan/\(file)"))
            #expect(a == b, "\(file) differs between the single run and the merged shards")
        }
        let psa = try String(contentsOf: dir.appendingPathComponent("single/base-vs-plan/psa.csv"), encoding: .utf8)
        let rows = psa.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let header = psa.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let g = try #require(header.firstIndex(of: "behaviour.grievance_entry"))
        #expect(Set(rows.map { $0[g] }).isSubset(of: ["0.01", "0.05"]))
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("single/base-vs-plan/manifest.json")))
                as? [String: Any])
        let u = try #require(manifest["uncertainty"] as? [String: Any])
        #expect(u["draws"] as? String == "posterior")
        #expect((u["calibrated"] as? [String])?.sorted() == ["behaviour.grievance_entry", "behaviour.repay_all_prob"])

        // No posterior.csv beside base.yaml: all priors, and the report and manifest say where one was looked for.
        let none = try Binary.feesim(common + ["--out", "none"], in: dir)
        #expect(none.status == 0, "\(none.stderr)")
        let md = try String(contentsOf: dir.appendingPathComponent("none/base-vs-plan/uncertainty.md"), encoding: .utf8)
        #expect(md.contains("**Not calibrated**") && md.contains("posterior.csv"))
        let report = try String(contentsOf: dir.appendingPathComponent("none/base-vs-plan/report.md"), encoding: .utf8)
        #expect(report.contains("No posterior sample was found at"))
        let noneManifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("none/base-vs-plan/manifest.json")))
                as? [String: Any])
        #expect((noneManifest["uncertainty"] as? [String: Any])?["draws"] as? String == "priors_no_posterior")

        try Data("particle,weight,behaviour.no_such_thing\n1,1,0.5\n".utf8).write(to: dir.appendingPathComponent("bad.csv"))
        let bad = try Binary.feesim(common + ["--out", "bad", "--posterior", "bad.csv"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("bad.csv") && bad.stderr.contains("behaviour.no_such_thing"), "\(bad.stderr)")
        let both = try Binary.feesim(common + ["--out", "both", "--posterior", "p.csv", "--from-priors"], in: dir)
        #expect(both.status != 0 && both.stderr.contains("--posterior and --from-priors"))
    }

    /// The shipped sample's effective size is the one its calibration reported (its header's "ESS 86.5 of 300"),
    /// counting each distinct particle once.
    @Test func theEffectiveSampleSizeCountsDistinctParticles() throws {
        let sample = try PosteriorSample.load(path: Self.mixed.appendingPathComponent("posterior.csv").path)
        #expect(abs(sample.effectiveSampleSize - 86.5) < 0.05, "\(sample.effectiveSampleSize)")
        #expect(sample.header.contains { $0.contains("ESS 86.5 of 300") })
        let equal = PosteriorSample(path: "", names: ["a"], weights: [0.25, 0.25, 0.25, 0.25], values: [[1], [2], [3], [4]], header: [])
        #expect(abs(equal.effectiveSampleSize - 4) < 1e-12)
        #expect(equal.quantiles(0.05) == [1] && equal.quantiles(0.95) == [4] && equal.medians == [2])
    }
}
