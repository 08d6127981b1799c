import FeeSimModel
import Foundation
import GSLKit

/// One-way sensitivity of a strategy's effect: each uncertain parameter moved to the 5th and the 95th
/// percentile of its prior (of the posterior sample, for a calibrated one), every other at its value in the
/// scenarios, baseline and strategy on common random numbers. Bars ranked by the width of the net-benefit range.
public enum Tornado {
    public struct Bar: Sendable {
        public let parameter: String
        /// Its plain name in English and in Chinese (``/FeeSimModel/ParameterInfo/name``, ``/FeeSimModel/ParameterInfo/chineseName``).
        public let name: String
        public let chineseName: String
        public let low: Double
        public let high: Double
        /// Net benefit against the baseline (yuan) and gain in 收缴率 (points) at the low and the high value.
        public let netBenefitAtLow: Double
        public let netBenefitAtHigh: Double
        public let rateGainAtLow: Double
        public let rateGainAtHigh: Double
        public var width: Double { abs(netBenefitAtHigh - netBenefitAtLow) }
    }

    /// A tornado of one strategy against the baseline.
    public struct Result: Sendable {
        /// The strategy's index among the comparison's strategies (baseline 0, so ≥ 1).
        public let strategy: Int
        /// Its net benefit against the baseline (yuan) and gain in 收缴率 (points) with every parameter at its
        /// scenario value (the fixed ones at theirs), on the tornado's replications.
        public let netBenefit: Double
        public let rateGain: Double
        /// The bars, widest first.
        public let bars: [Bar]
    }

    /// The tornado of the challenger with the highest expected net benefit in `comparison` (ties: the earlier),
    /// with `fixed` parameters held at their values in both scenarios and every parameter the probabilistic
    /// comparison draws under `source` at the 5th and 95th percentile of the distribution it is drawn from (its
    /// prior, or for a calibrated parameter the posterior sample; ``ProbabilisticComparison/Layout/tornadoRange()``);
    /// nil when there is no challenger. `strategies` are the challengers, so the result's
    /// ``Result/strategy`` is the chosen challenger's index in `strategies` plus 1.
    /// - Throws: ``/FeeSimModel/ParameterError`` for a fixed path the scenarios do not have; any run error.
    public static func ofBest(
        _ comparison: StrategyComparison, baseline: Scenario, strategies: [Scenario],
        fixed: [String: Double], source: ProbabilisticComparison.Source = .priors, replications: Int, threads: Int? = nil
    )
        throws -> Result?
    {
        let rows = comparison.costBenefit
        guard
            let best = rows.indices.max(by: {
                (rows[$0].figure(.netBenefit)!.mean, $1) < (rows[$1].figure(.netBenefit)!.mean, $0)
            })
        else { return nil }
        var base = baseline, strategy = strategies[best]
        for (path, value) in fixed.sorted(by: { $0.key < $1.key }) {
            try base.resolveParameter(path).set(value, in: &base)
            try strategy.resolveParameter(path).set(value, in: &strategy)
        }
        let layout = ProbabilisticComparison.layout(of: base, fixed: Array(fixed.keys), source: source)
        let t = try run(
            baseline: base, strategy: strategy, parameters: layout.parameters, ranges: layout.tornadoRange(),
            replications: replications, seed: base.seed, threads: threads)
        return Result(strategy: best + 1, netBenefit: t.netBenefit, rateGain: t.rateGain, bars: t.bars)
    }

    /// The strategy's net benefit and 收缴率 gain with every parameter at its scenario value, and the bars: each of
    /// `parameters` at the low and high end of `ranges` (one per parameter; nil: its prior's 5th and 95th
    /// percentile), a whole parameter rounded.
    public static func run(
        baseline: Scenario, strategy: Scenario, parameters: [ParameterPath],
        ranges: [(low: Double, high: Double)]? = nil, replications: Int,
        seed: UInt64, threads: Int? = nil
    ) throws -> (netBenefit: Double, rateGain: Double, bars: [Bar]) {
        let ends = ranges ?? parameters.map { ($0.prior!.quantile(0.05), $0.prior!.quantile(0.95)) }
        precondition(ends.count == parameters.count)
        func effect(_ change: ((inout Scenario) throws -> Void)?) throws -> (Double, Double) {
            let models = try [baseline, strategy].map { scenario -> CompiledModel in
                var s = scenario
                try change?(&s)
                return try CompiledModel(s, settings: s.settings.overriding(replications: replications, seed: seed))
            }
            let figures = try HorizonSums.run(models, [.net, .collectionRate]).map {
                ($0[0] / Double(replications), $0[1] / Double(replications))
            }
            return (figures[1].0 - figures[0].0, 100 * (figures[1].1 - figures[0].1))
        }
        let jobs = parameters.count * 2 + 1
        let results = try ParallelMap.run(count: jobs, threads: threads) { job -> (Double, Double) in
            if job == jobs - 1 { return try effect(nil) }
            let p = parameters[job / 2]
            let v = job % 2 == 0 ? ends[job / 2].low : ends[job / 2].high
            return try effect { s in
                if let path = s.parameterPath(named: p.path) { try path.set(p.whole ? v.rounded() : v, in: &s) }
            }
        }
        let bars = parameters.enumerated().map { k, p in
            Bar(
                parameter: p.path, name: p.name, chineseName: p.chineseName, low: ends[k].low, high: ends[k].high,
                netBenefitAtLow: results[2 * k].0, netBenefitAtHigh: results[2 * k + 1].0,
                rateGainAtLow: results[2 * k].1, rateGainAtHigh: results[2 * k + 1].1)
        }.sorted { $0.width != $1.width ? $0.width > $1.width : $0.parameter < $1.parameter }
        return (results[jobs - 1].0, results[jobs - 1].1, bars)
    }
}
