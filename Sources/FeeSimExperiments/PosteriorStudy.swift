import FeeSimModel
import FeeSimScenario
import Foundation
import GSLKit

/// A community's posterior end to end: its status quo, its targets file (``/FeeSimScenario/CalibrationTargets``), the sampler's
/// settings; every simulation of `months` months with the same `replications` seeds (common random numbers:
/// parameter sets differ by their parameters, not their luck).
public enum PosteriorStudy {
    /// A posterior calibration ready to run, checked before anything runs.
    public struct Plan: Sendable {
        public let scenario: Scenario
        public let targets: CalibrationTargets
        public let paths: [ParameterPath]
        public let problem: PosteriorSampler.Problem
        public let settings: PosteriorSampler.Settings
        public let months: Int

        /// The command line's overrides of the targets file's `posterior:` block, each nil to keep the file's.
        /// - Throws: ``/FeeSimModel/InputError`` for particles outside ``/FeeSimScenario/CalibrationTargets/Sampling/particleRange`` (`particles`),
        ///   fewer than 2 replications (`replications`) or waves outside 1…20 (`waves`); ``/FeeSimModel/ParameterError`` for a
        ///   path the scenario does not have.
        public init(
            _ scenario: Scenario, targets: CalibrationTargets, particles: Int? = nil, replications: Int? = nil,
            waves: Int? = nil, seed: UInt64? = nil
        ) throws {
            let s = targets.sampling
            let settings = PosteriorSampler.Settings(
                particles: particles ?? s.particles, waves: waves ?? s.waves,
                replications: replications ?? s.replications, seed: seed ?? s.seed)
            try InputError.check(settings.particles, in: CalibrationTargets.Sampling.particleRange, field: "particles")
            try InputError.check(settings.replications, in: 2...RunSettings.replicationRange.upperBound, field: "replications")
            try InputError.check(settings.waves, in: CalibrationTargets.Sampling.waveRange, field: "waves")
            paths = try targets.parameters.map { try ParameterSpace.resolve($0.path, in: scenario) }
            problem = PosteriorSampler.Problem(
                names: targets.parameters.map(\.path), lower: targets.parameters.map(\.lower),
                upper: targets.parameters.map(\.upper), targetNames: targets.targets.map(\.name),
                observed: targets.targets.map(\.value), sd: targets.targets.map(\.sd))
            (self.scenario, self.targets, self.settings, self.months) = (scenario, targets, settings, targets.months)
        }

        /// The scenario at parameter values `x` (in ``paths``' order).
        public func scenario(at x: [Double]) throws -> Scenario {
            var s = scenario
            for (p, v) in zip(paths, x) { try p.set(v, in: &s) }
            return s
        }

        /// The simulator: R replications of `months` months on the plan's seed, one thread per parameter set (the
        /// sets themselves run in parallel), the targets' means and variances across replications.
        public var simulator: @Sendable ([Double]) throws -> PosteriorSampler.Simulated {
            let plan = self
            return { x in
                let s = try plan.scenario(at: x)
                let model = try CompiledModel(
                    s,
                    settings: s.settings.overriding(
                        months: plan.months,
                        replications: plan.settings.replications,
                        seed: plan.settings.seed))
                let ensemble = try MonteCarlo.run(model, threads: 1, exactLimit: max(256, plan.settings.replications))
                var means: [Double] = [], variances: [Double] = []
                for name in plan.problem.targetNames {
                    guard let h = ensemble.horizon(name) else {
                        throw ComparisonError(message: "no horizon figure named '\(name)'")
                    }
                    means.append(h.mean)
                    variances.append(h.sd * h.sd)
                }
                return PosteriorSampler.Simulated(mean: means, variance: variances)
            }
        }
    }

    /// Simulation-based calibration of this plan's sampler over `trials` trials (``CalibrationCheck``): each
    /// trial's "observed" figures are one replication at the true parameters on a master seed of its own.
    public static func check(
        _ plan: Plan, trials: Int, threads: Int? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> CalibrationCheck.Result {
        try InputError.check(trials, in: 1...100_000, field: "sbc")
        let observe: @Sendable ([Double], Int) throws -> [Double] = { x, k in
            let s = try plan.scenario(at: x)
            let seed = SeedSequence.seed(master: plan.settings.seed, replication: UInt64(k), stream: StreamIDs.calibrationCheckHistory)
            let model = try CompiledModel(s, settings: s.settings.overriding(months: plan.months, replications: 1, seed: seed))
            let ensemble = try MonteCarlo.run(model, threads: 1)
            return try plan.problem.targetNames.map { name in
                guard let h = ensemble.horizon(name) else { throw ComparisonError(message: "no horizon figure named '\(name)'") }
                return h.mean
            }
        }
        return try CalibrationCheck.run(
            problem: plan.problem, settings: plan.settings, trials: trials, threads: threads,
            progress: progress, observe: observe, simulate: plan.simulator)
    }

    /// Runs every wave here and returns the posterior.
    /// - Complexity: at most waves × particles × replications simulations of `months` months (plus the warm-up).
    public static func run(
        _ plan: Plan, threads: Int? = nil,
        progress: ((_ wave: Int, _ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> Posterior {
        let (waves, state) = try PosteriorSampler.run(
            problem: plan.problem, settings: plan.settings, threads: threads,
            progress: progress, simulate: plan.simulator)
        return Posterior(problem: plan.problem, settings: plan.settings, waves: waves, state: state)
    }

    /// One shard of wave `wave` (its particles `id` with id % N = i), given every earlier wave merged.
    public static func runShard(
        _ plan: Plan, wave: Int, shard: Shard, earlier: [[PosteriorSampler.Particle]],
        threads: Int? = nil, progress: ((Int, Int) -> Void)? = nil
    ) throws -> [PosteriorSampler.Particle] {
        try PosteriorSampler.evaluate(
            wave: wave, ids: shard.ids(of: plan.settings.particles), earlier: earlier,
            problem: plan.problem, settings: plan.settings, threads: threads,
            progress: progress, simulate: plan.simulator)
    }

    /// Joins one wave's shards into the wave a single run simulates (particles in id order). Throws when a
    /// particle is missing, out of the wave, or present twice with different figures.
    public static func merge(wave: Int, shards: [[PosteriorSampler.Particle]], particles: Int) throws -> [PosteriorSampler.Particle] {
        var at = [PosteriorSampler.Particle?](repeating: nil, count: particles)
        for part in shards {
            for p in part {
                guard p.wave == wave, (0..<particles).contains(p.id) else {
                    throw ShardError(
                        message: "particle \(p.id) of wave \(p.wave) is not one of wave \(wave)'s \(particles): "
                            + "were the shards run with other settings?")
                }
                if let seen = at[p.id], seen != p {
                    throw ShardError(
                        message: "particle \(p.id) of wave \(wave) appears twice with different figures: "
                            + "were the shards run from different files or options?")
                }
                at[p.id] = p
            }
        }
        let missing = at.indices.filter { at[$0] == nil }
        guard missing.isEmpty else {
            throw ShardError(
                message: "\(missing.count) of wave \(wave)'s \(particles) particles are missing (first: "
                    + missing.prefix(8).map(String.init).joined(separator: ", ") + "): run their shards, then merge again")
        }
        return at.map { $0! }
    }
}
