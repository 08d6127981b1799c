/// A probabilistic comparison with everything computed from it: each strategy's figures over the parameter sets,
/// P(best), the acceptability curve, the value of information of the choice, and the tornado of the strategy with
/// the highest net benefit when it ran. Renderers read these; none recomputes them.
public struct UncertaintyAnalysis: Sendable {
    /// One strategy's figures over the parameter sets (each set's value is the mean over its replications).
    public struct StrategyFigures: Sendable, Equatable {
        /// Net benefit against the baseline, yuan: mean over the sets and the 2.5th and 97.5th percentiles.
        public let netBenefit: Double
        public let netBenefitLow: Double
        public let netBenefitHigh: Double
        /// Extra revenue and extra cost against the baseline, yuan: means over the sets.
        public let extraRevenue: Double
        public let extraCost: Double
        /// Share of the sets with a positive net benefit, and with the highest net benefit of all strategies.
        public let pPositive: Double
        public let pBest: Double
        /// Gain in 收缴率 against the baseline, points: mean and 95% interval over the sets.
        public let rateGain: Double
        public let rateGainLow: Double
        public let rateGainHigh: Double
        /// Mean over the sets of P(收缴率 of the target window ≥ target).
        public let pTarget: Double
    }

    /// Values of one point of year-1 收缴率 for the acceptability curve, yuan.
    public static let acceptabilityValues: [Double] = [0, 10_000, 20_000, 50_000, 100_000, 200_000]

    /// Per parameter set and strategy: the draws and each strategy's figures against the baseline.
    public let sets: ProbabilisticComparison.Result
    /// Each strategy's summary over the sets, baseline first (its net benefit and gain are 0).
    public let strategies: [StrategyFigures]
    /// P(each strategy is best) at each of ``acceptabilityValues``: [value][strategy].
    public let acceptability: [[Double]]
    /// EVPI, pairwise EVPI and EVPPI by group and parameter.
    public let valueOfInformation: ValueOfInformation
    /// The one-way sensitivity of the strategy with the highest Monte Carlo net benefit; nil when not asked for.
    public let tornado: Tornado.Result?
    /// Parameters held at a value (not drawn, not moved by the tornado).
    public let fixed: [String: Double]
    /// Where the sets' values came from and which parameters are calibrated, assumptions or held.
    public let origin: Origin

    /// Where a probabilistic comparison's values came from, as its reports say it.
    public struct Origin: Sendable, Equatable {
        public let source: ProbabilisticComparison.Source
        /// Parameters drawn from the posterior sample (calibrated to the status quo), in the sets' column order.
        public let calibrated: [String]
        /// Parameters drawn from their priors (assumptions), in the sets' column order.
        public let assumptions: [String]
        /// Household-behaviour parameters the posterior sample does not cover, held at the values the calibration
        /// was run with.
        public let held: [String]

        public init(source: ProbabilisticComparison.Source, calibrated: [String], assumptions: [String], held: [String]) {
            (self.source, self.calibrated, self.assumptions, self.held) = (source, calibrated, assumptions, held)
        }

        /// A layout's parameters by kind.
        public init(_ layout: ProbabilisticComparison.Layout) {
            self.init(source: layout.source, calibrated: layout.calibrated, assumptions: layout.assumptions, held: layout.held)
        }
    }

    /// Summarises `sets` (which must be complete); `origin` nil means every parameter of `sets` drawn from its
    /// prior. O(sets · strategies · log sets).
    public init(
        sets: ProbabilisticComparison.Result, valueOfInformation: ValueOfInformation, tornado: Tornado.Result?,
        fixed: [String: Double], origin: Origin? = nil
    ) {
        self.sets = sets
        self.origin = origin ?? Origin(source: .priors, calibrated: [], assumptions: sets.parameters, held: [])
        self.valueOfInformation = valueOfInformation
        self.tornado = tornado
        self.fixed = fixed
        let n = Double(sets.draws.count)
        let best = DecisionAnalysis.probabilityBest(sets.netBenefit)
        func quantile(_ values: [Double], _ p: Double) -> Double { SampleSummary.quantile(sorted: values.sorted(), p) }
        strategies = sets.strategies.indices.map { s in
            let nb = sets.netBenefit.map { $0[s] }, gain = sets.rateGain.map { $0[s] }
            return StrategyFigures(
                netBenefit: nb.reduce(0, +) / n, netBenefitLow: quantile(nb, 0.025), netBenefitHigh: quantile(nb, 0.975),
                extraRevenue: sets.extraRevenue.map { $0[s] }.reduce(0, +) / n, extraCost: sets.extraCost.map { $0[s] }.reduce(0, +) / n,
                pPositive: Double(nb.filter { $0 > 0 }.count) / n, pBest: best[s],
                rateGain: gain.reduce(0, +) / n, rateGainLow: quantile(gain, 0.025), rateGainHigh: quantile(gain, 0.975),
                pTarget: sets.reachesTarget.map { $0[s] }.reduce(0, +) / n)
        }
        acceptability = DecisionAnalysis.acceptability(
            netBenefit: sets.netBenefit, effect: sets.rateGain,
            values: Self.acceptabilityValues)
    }
}
