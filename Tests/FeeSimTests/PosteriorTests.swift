import FeeSimExperiments
import FeeSimModel
import FeeSimReports
import FeeSimScenario
import Foundation
import GSLKit
import Testing

/// The posterior sampler (ABC-SMC with a Gaussian kernel and adaptive tempering): known answers on problems whose
/// posterior is analytic, determinism over threads and shards, its files, and simulation-based calibration.
@Suite struct PosteriorTests {
    /// m(θ) = (θ₁ + θ₂, θ₁ − θ₂) observed as (1.0, 0.2) with sd 0.05 each, uniform priors on [0, 1]²: the posterior
    /// is Gaussian around (0.6, 0.4) with sd 0.05/√2 ≈ 0.0354 per parameter and no correlation (the prior's box is
    /// more than 10 sd away).
    static let linear = PosteriorSampler.Problem(
        names: ["a", "b"], lower: [0, 0], upper: [1, 1],
        targetNames: ["sum", "difference"], observed: [1.0, 0.2], sd: [0.05, 0.05])
    static let exact: @Sendable ([Double]) throws -> PosteriorSampler.Simulated = { x in
        PosteriorSampler.Simulated(mean: [x[0] + x[1], x[0] - x[1]], variance: [0, 0])
    }

    static func moments(_ p: Posterior, _ j: Int) -> (mean: Double, sd: Double) {
        let mean = zip(p.particles, p.weights).reduce(0) { $0 + $1.1 * $1.0.values[j] }
        let v = zip(p.particles, p.weights).reduce(0) { $0 + $1.1 * ($1.0.values[j] - mean) * ($1.0.values[j] - mean) }
        return (mean, v.squareRoot())
    }

    @Test func aLinearGaussianProblemsPosteriorHasItsAnalyticMeanAndSpread() throws {
        let settings = PosteriorSampler.Settings(particles: 600, waves: 16, replications: 8, seed: 11)
        let (waves, state) = try PosteriorSampler.run(problem: Self.linear, settings: settings, threads: 2, simulate: Self.exact)
        let posterior = Posterior(problem: Self.linear, settings: settings, waves: waves, state: state)
        #expect(state.done && !state.forced && posterior.waves.last?.temperature == 1)
        #expect(posterior.waves.count > 1, "the prior is far wider than the likelihood: tempering needs several waves")
        // Monte Carlo error of a mean with ESS ≥ 150 is about sd/√150 ≈ 0.003; allow 0.01.
        let (a, b) = (Self.moments(posterior, 0), Self.moments(posterior, 1))
        #expect(abs(a.mean - 0.6) < 0.01 && abs(b.mean - 0.4) < 0.01, "means \(a.mean), \(b.mean)")
        #expect(abs(a.sd - 0.0354) < 0.008 && abs(b.sd - 0.0354) < 0.008, "sds \(a.sd), \(b.sd)")
        #expect(posterior.ess >= 150, "ESS \(posterior.ess)")
        #expect(abs(posterior.correlations[0].2) < 0.2)
        // The predictive check covers targets the model can reach.
        let checks = posterior.checks
        #expect(checks.allSatisfy { $0.covered })
    }

    @Test func anUnreachableTargetIsReportedOutsideThePredictiveInterval() throws {
        let far = PosteriorSampler.Problem(
            names: ["a", "b"], lower: [0, 0], upper: [1, 1], targetNames: ["sum", "difference"],
            observed: [3.0, 0.0], sd: [0.05, 0.05])   // a + b ≤ 2 < 3
        let settings = PosteriorSampler.Settings(particles: 200, waves: 12, replications: 8, seed: 3)
        let (waves, state) = try PosteriorSampler.run(problem: far, settings: settings, simulate: Self.exact)
        let posterior = Posterior(problem: far, settings: settings, waves: waves, state: state)
        #expect(posterior.checks[0].covered == false && posterior.checks[0].observedQuantile > 0.99)
        #expect(posterior.quantile(0.5, parameter: 0) > 0.9 && posterior.quantile(0.5, parameter: 1) > 0.9)
    }

    @Test func shardedWavesMergeToTheSingleRunAndThreadsChangeNothing() throws {
        let settings = PosteriorSampler.Settings(particles: 90, waves: 16, replications: 8, seed: 5)
        let one = try PosteriorSampler.run(problem: Self.linear, settings: settings, threads: 1, simulate: Self.exact)
        let two = try PosteriorSampler.run(problem: Self.linear, settings: settings, threads: 2, simulate: Self.exact)
        #expect(one.waves == two.waves && one.state == two.state)
        // A job array of 4 tasks per wave, each wave merged through its shard files before the next one runs.
        var waves: [[PosteriorSampler.Particle]] = []
        var state = try PosteriorSampler.state([], problem: Self.linear, settings: settings)
        while let w = state.nextWave, w < settings.waves {
            let parts = try (0..<4).map { i -> [PosteriorSampler.Particle] in
                let shard = Shard(index: i, count: 4)
                let run = try PosteriorSampler.evaluate(
                    wave: w, ids: shard.ids(of: settings.particles), earlier: waves,
                    problem: Self.linear, settings: settings, simulate: Self.exact)
                let header = PosteriorShardFile.Header(
                    design: "d", wave: w, shard: shard.description, particles: settings.particles,
                    parameters: Self.linear.names, targets: Self.linear.targetNames)
                return try PosteriorShardFile.decode(try PosteriorShardFile.encode(run, header: header), name: "shard").particles
            }
            waves.append(try PosteriorStudy.merge(wave: w, shards: parts.reversed(), particles: settings.particles))
            state = try PosteriorSampler.state(waves, problem: Self.linear, settings: settings)
            if state.done { break }
        }
        #expect(waves == one.waves && state == one.state)
        #expect(throws: ShardError.self) {
            try PosteriorStudy.merge(wave: 0, shards: [Array(one.waves[0].dropFirst())], particles: settings.particles)
        }
    }

    /// Simulation-based calibration of the sampler on a stochastic toy model: m(θ) as above, each history varying
    /// by sd 0.03 around it (the model's own noise) and measured with sd 0.05. 60 trials × 2 parameters.
    /// Tolerance: with 60 trials a correct sampler's 90% coverage has a binomial sd of 0.039 per parameter and its
    /// 50% coverage 0.065; the bounds below are about 2.5 sd either side (the two parameters pooled, which only
    /// narrows them), so a sampler that is over- or under-confident by a third fails.
    @Test func simulationBasedCalibrationCoversTheTruthAsOftenAsItsIntervalsSay() throws {
        let noise = 0.03
        let problem = PosteriorSampler.Problem(
            names: ["a", "b"], lower: [0, 0], upper: [1, 1], targetNames: ["sum", "difference"],
            observed: [0, 0], sd: [0.05, 0.05])
        let settings = PosteriorSampler.Settings(particles: 150, waves: 16, replications: 1_000_000, seed: 2026)
        let result = try CalibrationCheck.run(
            problem: problem, settings: settings, trials: 60,
            observe: { x, k in
                let rng = try RandomStream(seed: SeedSequence.seed(master: 9, replication: UInt64(k), stream: 1))
                return [x[0] + x[1] + noise * rng.standardNormal(), x[0] - x[1] + noise * rng.standardNormal()]
            },
            simulate: { x in PosteriorSampler.Simulated(mean: [x[0] + x[1], x[0] - x[1]], variance: [noise * noise, noise * noise]) })
        let c90 = result.coverage(0.9), c50 = result.coverage(0.5)
        #expect(c90 >= 0.80 && c90 <= 0.98, "90% intervals covered the truth in \(c90) of trials")
        #expect(c50 >= 0.38 && c50 <= 0.62, "50% intervals covered the truth in \(c50) of trials")
        #expect(result.histogram(parameter: 0, bins: 4).reduce(0, +) == 60)
    }

    @Test func aTinyCommunitysPosteriorIsWrittenWithItsTargetsSeedAndToolInTheHeader() throws {
        let s = CalibrationTargetsTests.tinyScenario()
        let path = try CalibrationTargetsTests.write(CalibrationTargetsTests.tinyTargets)
        let targets = try CalibrationTargets.load(path: path, scenario: s)
        let plan = try PosteriorStudy.Plan(s, targets: targets)
        #expect(plan.settings == PosteriorSampler.Settings(particles: 30, waves: 2, replications: 2, seed: 4))
        #expect(throws: InputError(field: "particles", "must be in 20…100000 (got 5)")) {
            try PosteriorStudy.Plan(s, targets: targets, particles: 5)
        }
        let posterior = try PosteriorStudy.run(plan, threads: 2)
        #expect(posterior.particles.count == 30 && abs(posterior.weights.reduce(0, +) - 1) < 1e-12)
        let outputs = PosteriorOutputs(posterior, targets: targets, scenarioPath: "tiny/status-quo.yaml", toolVersion: "test")
        let csv = outputs.sampleCSV()
        for line in [
            "# target collection_rate_year_1 = 0.7 ± 0.03 (sd); source: a test",
            "# target owing_share_year_1 = 0.3 ± 0.05 (sd); source: assumption, range 0.2–0.4",
            "# seed 4; 30 particles per wave × 2 replications × 12 months", "# tool feesim test; targets file sha256 ",
            "# re-create: feesim calibrate tiny/status-quo.yaml --targets \(path)",
            "particle,weight,community.segments.all.attention,behaviour.repay_all_prob,mean_collection_rate_year_1"
        ] {
            #expect(csv.contains(line), "posterior.csv lacks '\(line)'")
        }
        let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("posterior.csv")
        try outputs.writeSample(to: file)
        let sample = try PosteriorSample.load(path: file.path)
        #expect(sample.names == plan.problem.names && sample.values.count == 30)
        for j in 0..<2 { #expect(abs(sample.medians[j] - posterior.medians[j]) < 1e-12) }
        let md = outputs.markdown()
        for part in ["## Parameters: prior and posterior", "## Posterior predictive check", "## Most correlated pairs", "ESS"] {
            #expect(md.contains(part))
        }
        #expect(outputs.checksCSV().split(separator: "\n").count == 1 + targets.targets.count)
    }
}
