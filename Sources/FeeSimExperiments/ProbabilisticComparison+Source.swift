import FeeSimModel
import FeeSimScenario
import Foundation
import GSLKit

extension ProbabilisticComparison {
    /// Where a probabilistic comparison's parameter sets come from.
    public enum Source: Sendable, Equatable {
        /// Every uncertain parameter from its prior, as asked (`--from-priors`, `from_priors: true`).
        case priors
        /// Every uncertain parameter from its prior because the community has no posterior sample at `expected`
        /// (the report and the manifest say so).
        case priorsWithoutPosterior(expected: String)
        /// The parameters the community's posterior sample covers drawn from it (calibrated), lever effects and
        /// the other non-behaviour parameters from their priors (assumptions: a status quo cannot inform a lever
        /// it has never seen), and the household-behaviour parameters the sample does not cover held at their
        /// values in the scenario (the values the calibration was run with, on which the sample is conditional).
        case posterior(PosteriorSample)

        /// The posterior sample drawn from, if any.
        public var posterior: PosteriorSample? {
            if case .posterior(let sample) = self { return sample }
            return nil
        }

        /// What decides the draws, for a design fingerprint: `priors`, or `posterior=<sha256 of the file>`.
        public var fingerprint: String {
            guard let sample = posterior else { return "priors" }
            let hash =
                sample.contentHash.isEmpty
                ? SHA256.hex(of: Data("\(sample.names)\(sample.weights)\(sample.values)".utf8)) : sample.contentHash
            return "posterior=\(hash)"
        }
    }

    /// How each parameter of a probabilistic comparison is treated under a ``Source``.
    public struct Layout: Sendable {
        public let source: Source
        /// The drawn parameters, in the scenario's path order.
        public let parameters: [ParameterPath]
        /// For each of ``parameters``: its column in the posterior sample, or nil when it is drawn from its prior.
        public let posteriorColumn: [Int?]
        /// Household-behaviour parameters with a prior that the posterior sample does not cover: held at their
        /// scenario values (empty unless the source is a posterior).
        public let held: [String]

        /// The parameters drawn from the posterior sample (calibrated), in ``parameters``' order.
        public var calibrated: [String] { parameters.indices.filter { posteriorColumn[$0] != nil }.map { parameters[$0].path } }
        /// The parameters drawn from their priors (assumptions), in ``parameters``' order.
        public var assumptions: [String] { parameters.indices.filter { posteriorColumn[$0] == nil }.map { parameters[$0].path } }

        /// The 5th and 95th percentile of each drawn parameter's distribution in this layout — the posterior
        /// sample's weighted percentiles for a calibrated parameter, its prior's otherwise: where the tornado moves
        /// it. O(parameters · particles · log particles).
        public func tornadoRange() -> [(low: Double, high: Double)] {
            let low = source.posterior?.quantiles(0.05), high = source.posterior?.quantiles(0.95)
            return parameters.indices.map { k in
                let p = parameters[k]
                return posteriorColumn[k].map { (low![$0], high![$0]) } ?? (p.prior!.quantile(0.05), p.prior!.quantile(0.95))
            }
        }
    }

    /// The layout of `baseline`'s uncertain parameters under `source`: with priors, ``uncertainParameters(of:fixed:)``
    /// all drawn from their priors; with a posterior, the sample's columns (resolved in `baseline`, as
    /// `PosteriorSample.checked(against:)` ensures) drawn from it, the other household-behaviour parameters held,
    /// everything else uncertain drawn from its prior. Parameters in `fixed` are neither drawn nor held.
    /// O(parameters · posterior columns).
    public static func layout(of baseline: Scenario, fixed: [String], source: Source) -> Layout {
        let fromPriors = uncertainParameters(of: baseline, fixed: fixed)
        guard let sample = source.posterior else {
            return Layout(
                source: source, parameters: fromPriors, posteriorColumn: Array(repeating: nil, count: fromPriors.count),
                held: [])
        }
        // A column may spell a path as files do (`segments.…`, a rung by name): compare the resolved paths.
        let covered = sample.names.map { baseline.parameterPath(named: $0)?.path }
        let drawable = Set(fromPriors.map(\.path))
        var parameters: [ParameterPath] = [], columns: [Int?] = [], held: [String] = []
        for p in baseline.parameterPaths where !fixed.contains(p.path) {
            if let column = covered.firstIndex(of: p.path) {
                parameters.append(p)
                columns.append(column)
            } else if drawable.contains(p.path) {
                if p.info.group == .householdBehaviour {
                    held.append(p.path)
                } else {
                    parameters.append(p)
                    columns.append(nil)
                }
            }
        }
        return Layout(source: source, parameters: parameters, posteriorColumn: columns, held: held)
    }

    /// `count` parameter sets of `layout` on `seed`, [set][parameter]: the prior-drawn parameters by Latin
    /// hypercube (``Design/priorDraws(_:count:seed:)``, so with priors alone exactly the draws made before
    /// posteriors existed), the calibrated ones as whole rows of the posterior sample picked by
    /// ``resample(weights:count:seed:)`` (a particle's values stay together: the posterior's correlations are
    /// kept). Depends on (layout, count, seed) alone, so every shard and thread count sees the same sets.
    /// O(count · parameters + count · log particles).
    public static func draws(_ layout: Layout, count: Int, seed: UInt64) throws -> [[Double]] {
        let priorColumns = layout.parameters.indices.filter { layout.posteriorColumn[$0] == nil }
        let prior = try Design.priorDraws(priorColumns.map { layout.parameters[$0] }, count: count, seed: seed)
        guard let sample = layout.source.posterior else { return prior }
        let particles = try resample(weights: sample.weights, count: count, seed: seed)
        return (0..<count).map { j in
            var row: [Double] = [], next = 0
            for (k, p) in layout.parameters.enumerated() {
                if let column = layout.posteriorColumn[k] {
                    let v = sample.values[particles[j]][column]
                    row.append(p.whole ? v.rounded() : v)
                } else {
                    row.append(prior[j][next])
                    next += 1
                }
            }
            return row
        }
    }

    /// Stratified weighted resampling: `count` particle indices whose frequencies follow `weights` (normalised or
    /// not; a particle of weight 0 is never picked). Draw j takes the unit coordinate (π(j) + U)/count — π a random
    /// permutation of the strata, so each stratum of the weights' cumulative sum is used once, as a Latin hypercube
    /// uses each stratum of a prior — and the particle whose cumulative weight first exceeds it. Reproducible from
    /// `seed` (stream ``/FeeSimModel/StreamIDs/posteriorDraws``). O(count · log particles + particles).
    public static func resample(weights: [Double], count: Int, seed: UInt64) throws -> [Int] {
        precondition(!weights.isEmpty && count >= 1)
        var cumulative: [Double] = []
        var total = 0.0
        for w in weights {
            total += max(0, w)
            cumulative.append(total)
        }
        precondition(total > 0, "no particle has a positive weight")
        let lastPositive = weights.lastIndex { $0 > 0 }!
        let rng = try RandomStream(
            generator: "mt19937", seed: SeedSequence.seed(master: seed, replication: 0, stream: StreamIDs.posteriorDraws))
        var strata = (0..<count).map { Int32($0) }
        rng.shuffle(&strata)
        return strata.map { stratum in
            let x = (Double(stratum) + rng.uniform()) / Double(count) * total
            // The first particle whose cumulative weight exceeds x.
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
            }
            return cumulative[lo] > x ? lo : lastPositive
        }
    }
}
