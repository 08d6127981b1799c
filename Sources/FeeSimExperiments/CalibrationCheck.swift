import FeeSimModel
import Foundation
import GSLKit

/// Simulation-based calibration of the posterior sampler (Talts et al. 2018): in each trial, parameters θ* drawn
/// from the prior, "observed" figures simulated at θ* as the likelihood assumes they arise (one history of the
/// community, on seeds the calibration does not use, plus measurement error of the targets' sd), the posterior
/// sampled given them, and θ*'s rank in it recorded. If the sampler is right, each rank — the posterior's weighted
/// CDF at θ*, in [0, 1] — is uniform, so the 50% and 90% central intervals cover θ* in 50% and 90% of trials.
public enum CalibrationCheck {
    /// One trial: the true parameters, the observed figures made from them, and where θ* fell in the posterior.
    public struct Trial: Sendable, Equatable {
        public let index: Int
        public let truth: [Double]
        public let observed: [Double]
        /// Per parameter, the posterior's weighted CDF at the true value.
        public let ranks: [Double]
        public let ess: Double
        public let waves: Int
    }

    public struct Result: Sendable, Equatable {
        public let names: [String]
        public let trials: [Trial]
        public let settings: PosteriorSampler.Settings

        /// Share of trials whose central `level` interval of parameter `j` (or of every parameter, j nil) covers the
        /// truth: rank within [(1 − level)/2, (1 + level)/2].
        public func coverage(_ level: Double, parameter j: Int? = nil) -> Double {
            let lo = (1 - level) / 2, hi = (1 + level) / 2
            var hits = 0, total = 0
            for t in trials {
                for k in t.ranks.indices where j == nil || j == k {
                    total += 1
                    if t.ranks[k] >= lo && t.ranks[k] <= hi { hits += 1 }
                }
            }
            return total > 0 ? Double(hits) / Double(total) : .nan
        }

        /// Counts of ranks in `bins` equal bins of [0, 1], per parameter (the SBC histogram).
        public func histogram(parameter j: Int, bins: Int) -> [Int] {
            var counts = [Int](repeating: 0, count: bins)
            for t in trials { counts[min(bins - 1, Int(t.ranks[j] * Double(bins)))] += 1 }
            return counts
        }
    }

    /// Runs `trials` trials, one after another (each trial's particles in parallel on `threads`).
    /// - Parameters:
    ///   - observe: the figures of one history at θ for trial k (seeds the calibration does not use), before
    ///     measurement error.
    ///   - simulate: the calibration's simulator (R replications on the calibration's seeds).
    /// - Complexity: trials × (the sampler's simulations + 1).
    public static func run(
        problem: PosteriorSampler.Problem, settings: PosteriorSampler.Settings, trials: Int,
        threads: Int? = nil, progress: ((Int, Int) -> Void)? = nil,
        observe: @escaping @Sendable ([Double], Int) throws -> [Double],
        simulate: @escaping @Sendable ([Double]) throws -> PosteriorSampler.Simulated
    ) throws -> Result {
        var out: [Trial] = []
        for k in 0..<trials {
            let rng = try RandomStream(
                generator: "mt19937",
                seed: SeedSequence.seed(
                    master: settings.seed, replication: UInt64(k),
                    stream: StreamIDs.calibrationCheck))
            let truth = problem.names.indices.map { j in problem.lower[j] + (problem.upper[j] - problem.lower[j]) * rng.uniform() }
            let clean = try observe(truth, k)
            let observed = clean.indices.map { i in clean[i] + problem.sd[i] * rng.standardNormal() }
            let trialProblem = PosteriorSampler.Problem(
                names: problem.names, lower: problem.lower, upper: problem.upper,
                targetNames: problem.targetNames, observed: observed, sd: problem.sd)
            let (waves, state) = try PosteriorSampler.run(
                problem: trialProblem, settings: settings, threads: threads,
                simulate: simulate)
            let posterior = Posterior(problem: trialProblem, settings: settings, waves: waves, state: state)
            let ranks = problem.names.indices.map { j in
                zip(posterior.particles, posterior.weights).reduce(0.0) { $0 + ($1.0.values[j] < truth[j] ? $1.1 : 0) }
            }
            out.append(
                Trial(
                    index: k, truth: truth, observed: observed, ranks: ranks, ess: posterior.ess,
                    waves: posterior.waves.count))
            progress?(k + 1, trials)
        }
        return Result(names: problem.names, trials: out, settings: settings)
    }
}
