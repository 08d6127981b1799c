import FeeSimModel
import FeeSimScenario
import Foundation

/// A weighted sample of the calibrated parameters given a community's targets, with its diagnostics: each
/// parameter's prior and posterior interval, the posterior predictive check of every target, the most correlated
/// pairs and the sampler's effective sample size and acceptance per wave.
public struct Posterior: Sendable, Equatable {
    public private(set) var problem: PosteriorSampler.Problem
    public let settings: PosteriorSampler.Settings
    /// The final population's particles and their normalised weights (equal: a resampled population; a particle
    /// whose moves were all rejected appears more than once).
    public private(set) var particles: [PosteriorSampler.Particle]
    public let weights: [Double]
    /// Every wave's temperature, effective sample size and acceptance.
    public let waves: [PosteriorSampler.Wave]
    /// Whether γ = 1 was forced by the wave limit rather than reached.
    public let forced: Bool
    /// Simulations run in all (parameter sets × replications).
    public var simulations: Int { waves.reduce(0) { $0 + $1.particles } * settings.replications }

    public init(
        problem: PosteriorSampler.Problem, settings: PosteriorSampler.Settings, waves: [[PosteriorSampler.Particle]],
        state: PosteriorSampler.State
    ) {
        self.problem = problem
        self.settings = settings
        self.waves = state.waves
        particles = state.population
        weights = [Double](repeating: 1 / Double(max(1, state.population.count)), count: state.population.count)
        forced = state.forced
    }

    /// This posterior with every particle's values mapped by `transform` (to other coordinates of the same
    /// parameters) and `problem` describing them; weights, figures and waves unchanged.
    func mapped(_ transform: ([Double]) -> [Double], problem: PosteriorSampler.Problem) -> Posterior {
        var copy = self
        copy.problem = problem
        copy.particles = particles.map {
            PosteriorSampler.Particle(wave: $0.wave, id: $0.id, values: transform($0.values), simulated: $0.simulated)
        }
        return copy
    }

    /// The effective sample size of the population: Kish's 1 / Σ w² over its distinct particles (a particle kept
    /// more than once by the moves counts once, its weights added up), as ``/FeeSimScenario/PosteriorSample`` computes it
    /// from the written file.
    public var ess: Double { PosteriorSample.effectiveSampleSize(values: particles.map(\.values), weights: weights) }

    /// Whether the sampler reached γ = 1 within its waves (else the last wave forced it and the sample is rougher).
    public var reachedTarget: Bool { !forced }

    /// The weighted quantile `q` of parameter `j`.
    public func quantile(_ q: Double, parameter j: Int) -> Double {
        Posterior.weightedQuantile(particles.map { $0.values[j] }, weights, q)
    }

    /// The posterior medians, the scenario's point values.
    public var medians: [Double] { problem.names.indices.map { quantile(0.5, parameter: $0) } }

    /// Prior 90% interval of parameter j (uniform prior).
    public func priorInterval(_ j: Int) -> (Double, Double) {
        let span = problem.upper[j] - problem.lower[j]
        return (problem.lower[j] + 0.05 * span, problem.lower[j] + 0.95 * span)
    }

    /// How much of the prior's 90% width the posterior's 90% interval keeps (1: nothing learnt).
    public func widthRatio(_ j: Int) -> Double {
        let (a, b) = priorInterval(j)
        return (quantile(0.95, parameter: j) - quantile(0.05, parameter: j)) / (b - a)
    }

    /// Weighted correlation of every pair of parameters, strongest first (ties by index): (i, j, r).
    public var correlations: [(Int, Int, Double)] {
        let d = problem.names.count
        let means = (0..<d).map { j in zip(particles, weights).reduce(0) { $0 + $1.1 * $1.0.values[j] } }
        var cov = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for (p, w) in zip(particles, weights) {
            for a in 0..<d { for b in 0..<d { cov[a][b] += w * (p.values[a] - means[a]) * (p.values[b] - means[b]) } }
        }
        var pairs: [(Int, Int, Double)] = []
        for a in 0..<d {
            for b in (a + 1)..<max(a + 1, d) {
                let denom = (cov[a][a] * cov[b][b]).squareRoot()
                pairs.append((a, b, denom > 0 ? cov[a][b] / denom : 0))
            }
        }
        return pairs.sorted { x, y in abs(x.2) != abs(y.2) ? abs(x.2) > abs(y.2) : (x.0, x.1) < (y.0, y.1) }
    }

    /// The posterior predictive check of one target: the weighted 5/50/95% of the simulated mean, the 90%
    /// interval of a new observation (the mixture over particles of N(mᵢ, vᵢ)) and where the observed value falls
    /// in it (its predictive CDF).
    public struct Check: Sendable, Equatable {
        public let name: String
        public let observed: Double
        public let sd: Double
        public let meanLow: Double
        public let meanMedian: Double
        public let meanHigh: Double
        public let predictiveLow: Double
        public let predictiveHigh: Double
        public let observedQuantile: Double
        /// Whether the observed value lies inside the predictive 90% interval.
        public var covered: Bool { observed >= predictiveLow && observed <= predictiveHigh }
    }

    public var checks: [Check] {
        problem.targetNames.indices.map { k in
            let means = particles.map { $0.simulated.mean[k] }
            let sds = particles.map {
                PosteriorSampler.variance($0.simulated, k, problem, replications: settings.replications).squareRoot()
            }
            func cdf(_ x: Double) -> Double {
                var total = 0.0
                for i in particles.indices where weights[i] > 0 && means[i].isFinite {
                    total += weights[i] * 0.5 * erfc(-(x - means[i]) / (sds[i] * 2.0.squareRoot()))
                }
                return total
            }
            func inverse(_ q: Double) -> Double {
                let finite = means.filter(\.isFinite)
                var lo = (finite.min() ?? 0) - 10 * (sds.max() ?? 1), hi = (finite.max() ?? 1) + 10 * (sds.max() ?? 1)
                for _ in 0..<80 {
                    let mid = (lo + hi) / 2
                    if cdf(mid) < q { lo = mid } else { hi = mid }
                }
                return (lo + hi) / 2
            }
            return Check(
                name: problem.targetNames[k], observed: problem.observed[k], sd: problem.sd[k],
                meanLow: Posterior.weightedQuantile(means, weights, 0.05),
                meanMedian: Posterior.weightedQuantile(means, weights, 0.5),
                meanHigh: Posterior.weightedQuantile(means, weights, 0.95),
                predictiveLow: inverse(0.05), predictiveHigh: inverse(0.95), observedQuantile: cdf(problem.observed[k]))
        }
    }

    /// The weighted quantile q of `values` (the smallest value whose cumulative weight reaches q; ties by value,
    /// then by index, so the result does not depend on anything but the sample). NaN values are skipped.
    public static func weightedQuantile(_ values: [Double], _ weights: [Double], _ q: Double) -> Double {
        PosteriorSample.weightedQuantile(values, weights, q)
    }
}
